import { describe, expect, it } from 'vitest';
import { forecast, schema } from '../../commands/forecast.js';
import { forecastScope } from '../../src/arguments.js';

const refusal = (text: string) => {
  const r = schema.safeParse(text);
  return r.success ? null : r.error.issues[0]!.message;
};

describe('/cloud forecast', () => {
  it('is for finance users, and counted against the command rate limit', () => {
    expect(forecast).toMatchObject({ name: 'forecast', audience: 'finance', expensive: true });
  });

  it("takes a tenant's name, or the command line's --tenant, --project and --account", () => {
    expect(schema.parse('')).toBeUndefined();
    expect(schema.parse('Acme')).toEqual({ kind: 'tenant', tenant: 'acme' });
    expect(schema.parse('--tenant acme')).toEqual({ kind: 'tenant', tenant: 'acme' });
    expect(schema.parse('--project=Web-API')).toEqual({ kind: 'project', project: 'Web-API' });
    expect(schema.parse('--account staging')).toEqual({ kind: 'account', account: 'staging' });
  });

  it('refuses what the command line refuses, in the same sentence', () => {
    const both = 'Ask about one of --tenant, --project or --account, not --tenant and --account.';
    expect(refusal('--tenant acme --account staging')).toBe(both);
    expect(() => forecastScope({ tenant: 'acme', account: 'staging' })).toThrow(both);
    expect(refusal('acme globex')).toBe(
      'Expected a tenant\'s name, or --tenant, --project or --account and a name; "acme" is neither.',
    );
    expect(refusal('--project')).toBe('Say which after --project, e.g. --project web-api.');
  });
});
