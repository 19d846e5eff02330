import { describe, expect, it } from 'vitest';
import { sync } from '../../commands/sync.js';
import { RESOURCE_KINDS } from '../../src/sync/kinds/index.js';

// Enqueueing is tested against real Redis in test/slack/app.e2e.test.ts.
describe('/cloud sync arguments', () => {
  it('means every kind for nothing or "all", and each kind once otherwise', () => {
    expect(sync.schema.parse('')).toEqual({ account: undefined, value: RESOURCE_KINDS });
    expect(sync.schema.parse('all')).toEqual({ account: undefined, value: RESOURCE_KINDS });
    expect(sync.schema.parse('droplet volume droplet')).toEqual({ account: undefined, value: ['droplet', 'volume'] });
  });

  it('takes --account anywhere, as one team for the handler to check', () => {
    expect(sync.schema.parse('droplet --account staging volume')).toEqual({
      account: 'staging',
      value: ['droplet', 'volume'],
    });
    expect(sync.schema.parse('--account=Staging')).toEqual({ account: 'staging', value: RESOURCE_KINDS });
    expect(sync.schema.safeParse('droplet --account').error?.issues[0]?.message).toBe(
      'Say which DO team after --account, e.g. --account staging.',
    );
    expect(sync.schema.safeParse('gizmo --account staging').error?.issues[0]?.message).toMatch(/^Unknown kind "gizmo"/);
  });

  it('names every unknown kind', () => {
    expect(sync.schema.safeParse('droplet gizmo widget').error?.issues[0]?.message).toMatch(
      /^Unknown kinds "gizmo", "widget"\. Kinds: .*, or all\.$/,
    );
  });

  it('is for admins', () => {
    expect(sync.audience).toBe('admin');
  });
});
