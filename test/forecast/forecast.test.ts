import { beforeAll, describe, expect, it } from 'vitest';
import { setTenant } from '../../src/billing/tenant-store.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { forecastAll, forecastFor } from '../../src/forecast/forecast.js';
import { runSync } from '../../src/sync/engine.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { isolation, silentLog, testConfig, useDatabase, useDoStandin } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const standin = useDoStandin(new DoStandin(sampleAccount()));
// The sample account as of 5 July 2025: DO rebuilt the preview at 06:31:50 ($31.06), the balance at 12:00 ($31.90).
const NOW = new Date('2025-07-05T18:00:00Z');
const client = () => new DoClient({ token: 'dop_v1_standin', baseUrl: standin.url, retryBaseMs: 1 });
const deps = () => ({ client: client(), now: NOW, config: testConfig(iso, { DIGITALOCEAN_API_URL: standin.url }) });

beforeAll(async () => {
  const config = testConfig(iso, { DIGITALOCEAN_API_URL: standin.url });
  for (const kind of ['project', 'droplet', 'volume', 'load_balancer', 'floating_ip'] as const)
    await runSync({
      spec: kindSpec(kind),
      client: client(),
      config,
      runId: `sync-${kind}`,
      log: silentLog,
      now: () => NOW,
    });
  await setTenant({ name: 'acme', tags: ['web'] });
  await setTenant({ name: 'globex', tags: ['storage'] });
});

describe('forecastAll against the DO stand-in', () => {
  it("takes month to date from the balance where it is newer than the preview, and every forecast's parts add up", async () => {
    const all = await forecastAll(deps());
    const team = all.find((f) => f.scope.kind === 'account')!;
    expect(team).toMatchObject({ label: 'default', period: '2025-07', monthToDateCents: 3190 });
    expect(team.monthToDateAsOf).toEqual(new Date('2025-07-05T12:00:00Z'));
    for (const f of all) {
      expect(f.parts.reduce((n, p) => n + p.monthToDateCents, 0)).toBe(f.monthToDateCents);
      expect(f.parts.reduce((n, p) => n + p.restCents, 0)).toBe(f.restCents);
      expect(f.totalCents).toBe(f.monthToDateCents + f.restCents);
    }
    const tenants = all.filter((f) => f.scope.kind === 'tenant');
    expect(tenants.map((t) => t.label).sort()).toEqual(['acme', 'globex']);
    // Proportional policy with both tenants owning something: every cent of the team reaches a tenant.
    expect(tenants.reduce((n, t) => n + t.totalCents, 0)).toBe(team.totalCents);
  });

  it("runs a droplet at its price to the month's end, held to its monthly price", async () => {
    const acme = await forecastFor({ kind: 'tenant', tenant: 'acme' }, deps());
    // example.com: $6 + 20% backups = 720 cents a month, 96 billed; 636 hours left (2025: by the hour) → 681, held to 624.
    expect(acme.parts.find((p) => p.key === 'droplet:3164444')).toMatchObject({ label: 'example.com', restCents: 624 });
  });

  it('answers a project by its name, and refuses a tenant nobody defined in a sentence', async () => {
    const project = await forecastFor({ kind: 'project', project: 'my-web-api' }, deps());
    expect(project.scope).toEqual({ kind: 'project', project: '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679' });
    await expect(forecastFor({ kind: 'tenant', tenant: 'acmee' }, deps())).rejects.toThrow(
      'No tenant named "acmee"; did you mean "acme"?',
    );
  });
});
