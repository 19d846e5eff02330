import { beforeAll, describe, expect, it } from 'vitest';
import { recordDailyForecasts } from '../../jobs/record-forecasts.js';
import { setTenant } from '../../src/billing/tenant-store.js';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { forecastSnapshots, latestForecasts } from '../../src/forecast/forecast-snapshots.js';
import { runSync } from '../../src/sync/engine.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { isolation, silentLog, testConfig, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const standin = useDoStandin(new DoStandin(sampleAccount()));
const client = () => new DoClient({ token: 'dop_v1_standin', baseUrl: standin.url, retryBaseMs: 1 });

beforeAll(async () => {
  const config = testConfig(iso, { DIGITALOCEAN_API_URL: standin.url });
  for (const kind of ['project', 'droplet'] as const)
    await runSync({ spec: kindSpec(kind), client: client(), config, runId: `sync-${kind}`, log: silentLog });
  await setTenant({ name: 'acme', tags: ['web'] });
});

describe('recordDailyForecasts', () => {
  it("stores every scope's forecast as the day's snapshot, once per day however many instances run it", async () => {
    const deps = {
      config: testConfig(iso, { DIGITALOCEAN_API_URL: standin.url }),
      accounts: AccountClients.single(client()),
      redis: redis(),
      prefix: iso.prefix,
      log: silentLog,
    };
    const morning = new Date('2025-07-05T08:00:00Z');
    const first = await recordDailyForecasts(deps, morning);
    expect(await recordDailyForecasts(deps, new Date('2025-07-05T08:00:01Z'))).toBeNull();
    await recordDailyForecasts(deps, new Date('2025-07-06T08:00:00Z'));

    const acme = await forecastSnapshots('2025-07', { kind: 'tenant', tenant: 'acme' });
    expect(acme.map((s) => s.day)).toEqual(['2025-07-05', '2025-07-06']);
    const forecast = first!.find((f) => f.scope.kind === 'tenant')!;
    expect(acme[0]).toMatchObject({
      scopeKey: 'tenant:acme',
      label: 'acme',
      totalCents: forecast.totalCents,
      parts: forecast.parts,
      actualCents: null,
    });
    const scopes = new Set((await forecastSnapshots('2025-07')).map((s) => s.scopeKey));
    // The team, the tenant, and the sample's two projects (my-web-api and Default).
    expect([...scopes].sort()).toEqual([
      'account:default',
      'project:4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679',
      'project:addb4547-6bab-419a-8542-76263a033cf6',
      'tenant:acme',
    ]);
    // What the Home tab reads: the latest day's teams and tenants.
    const latest = await latestForecasts('2025-07');
    expect(latest).toMatchObject({ day: '2025-07-06', teams: [{ label: 'default' }], tenants: [{ label: 'acme' }] });
  });
});
