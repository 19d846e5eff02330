import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ForecastSnapshot } from '../../models/forecast-snapshot.js';
import { setTenant } from '../../src/billing/tenant-store.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { runSync } from '../../src/sync/engine.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { isolation, silentLog, testConfig, testEnv, useDatabase, useDoStandin } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const standin = useDoStandin(new DoStandin(sampleAccount()));
const env = () => testEnv(iso, { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url });

beforeAll(async () => {
  const config = testConfig(iso, { DIGITALOCEAN_API_URL: standin.url });
  const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 });
  for (const kind of ['project', 'droplet', 'volume', 'load_balancer'] as const)
    await runSync({ spec: kindSpec(kind), client, config, runId: `sync-${kind}`, log: silentLog });
  await setTenant({ name: 'acme', tags: ['web'] });
  await setTenant({ name: 'globex', tags: ['storage'] });
  // The sample account's day: 5 July 2025, after DO's balance of 12:00.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-07-05T18:00:00Z'));
});
afterAll(() => void vi.useRealTimers());

describe('arcadia forecast', () => {
  it("prints one tenant's forecast as JSON, its parts adding up, and stores it as the day's snapshot", async () => {
    const r = await runCli(['forecast', '--tenant', 'acme', '--json'], env());
    expect(r.stderr).toBe('');
    const f = JSON.parse(r.stdout) as {
      scope: unknown;
      totalCents: number;
      monthToDateCents: number;
      restCents: number;
      parts: { monthToDateCents: number; restCents: number }[];
    };
    expect(f.scope).toEqual({ kind: 'tenant', tenant: 'acme' });
    expect(f.totalCents).toBe(f.monthToDateCents + f.restCents);
    expect(f.parts.reduce((n, p) => n + p.monthToDateCents + p.restCents, 0)).toBe(f.totalCents);
    const stored = await ForecastSnapshot.findById('2025-07:2025-07-05:tenant:acme').lean();
    expect(stored).toMatchObject({ totalCents: f.totalCents, via: 'message' });
  });

  it('leads with the figure for people, every team and tenant largest first', async () => {
    const r = await runCli(['forecast'], env());
    expect(r.stdout).toMatch(/^Month-end forecast 2025-07 \(DO's figures as of 2025-07-05 12:00 UTC\)\n/);
    expect(r.stdout).toMatch(/\nteam +default +\$31\.90 +\$/);
    expect(r.stdout).toMatch(/\ntenant +acme +\$/);
    const one = await runCli(['forecast', '--project', 'my-web-api'], env());
    expect(one.stdout).toMatch(/^Forecast project my-web-api 2025-07: \$[\d,.]+ by month end\n/);
  });

  it('refuses two scopes at once, and a tenant nobody defined, in one line each', async () => {
    const both = await runCli(['forecast', '--tenant', 'acme', '--account', 'default'], env());
    expect(both).toMatchObject({ code: 1, stdout: '' });
    expect(both.stderr).toBe(
      'arcadia: Ask about one of --tenant, --project or --account, not --tenant and --account.\n',
    );
    const typo = await runCli(['forecast', '--tenant', 'acmee'], env());
    expect(typo.stderr).toMatch(/^arcadia: No tenant named "acmee"; did you mean "acme"\?/);
    const team = await runCli(['forecast', '--account', 'prod'], env());
    expect(team.stderr).toBe('arcadia: No DO account is named "prod"; the accounts are default.\n');
  });
});
