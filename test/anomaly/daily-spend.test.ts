import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailySpend } from '../../models/daily-spend.js';
import { Anomaly } from '../../models/anomaly.js';
import { setTenant } from '../../src/billing/tenant-store.js';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { readBillingInsights, teamUrn } from '../../src/digitalocean/billing-insights.js';
import { refreshDailySpend } from '../../src/anomaly/daily-spend.js';
import {
  anomalyStats,
  decideAnomaly,
  openAnomalies,
  recordAnomalies,
  type AnomalyRun,
} from '../../src/anomaly/anomaly-store.js';
import { addDays, daysBetween } from '../../src/anomaly/days.js';
import { runSync } from '../../src/sync/engine.js';
import { droplet, kubernetesCluster, loadBalancer, managedDb, project, volume } from '../../src/sync/kinds/index.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import {
  INSIGHTS_SCENARIO as S,
  plantInsightsScenario,
  resizeScenarioDroplet,
} from '../../testkit/digitalocean/billing-insights.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { isolation, silentLog, testConfig, useDatabase } from '../helpers/context.js';
import { DoApiError } from '../../src/errors.js';

const iso = isolation();
useDatabase(iso);
const config = testConfig(iso);
const account = sampleAccount();
account.billing_insights = plantInsightsScenario(account);
const standin = new DoStandin(account);
let client: DoClient;
let runs = 0;

const morning = (day: string) => new Date(`${day}T09:00:00Z`);

async function syncAll(at: Date, specs = [project, droplet, volume, loadBalancer, kubernetesCluster, managedDb]) {
  for (const spec of specs)
    await runSync({ spec, client, config, runId: `run-${++runs}`, log: silentLog, now: () => at });
}

const refresh = (now: Date) =>
  refreshDailySpend(AccountClients.single(client), {
    now,
    rereadDays: config.ARCADIA_ANOMALY_REREAD_DAYS,
    prefix: config.ARCADIA_TENANT_TAG_PREFIX,
  });

beforeAll(async () => {
  await standin.start();
  client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 1 });
  await setTenant({ name: 'acme', projects: ['my-web-api'] });
  await setTenant({ name: 'globex' });
  await syncAll(new Date('2026-01-02T00:00:00Z'));
});
afterAll(() => standin.stop());

describe('Billing Insights from the stand-in', () => {
  it('addresses the team by the URN /v2/account names, and refuses a range over 31 days as DO does', async () => {
    const urn = await teamUrn(client);
    expect(urn).toBe(`do:team:${(account.account.team as { uuid: string }).uuid}`);
    const err = await client.get(`/v2/billing/${urn}/insights/2025-12-01/2026-01-15`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DoApiError);
    expect((err as DoApiError).status).toBe(400);
    // A window pages at 200: 31 days of the scenario's 12-odd points a day take two pages.
    standin.resetCounts();
    const { points } = await readBillingInsights(client, urn, '2026-01-01', '2026-01-31');
    expect(points.length).toBe(
      account.billing_insights.filter((p) => String(p.start_date).startsWith('2026-01')).length,
    );
    expect(standin.requestCount(`/v2/billing/${urn}/insights/2026-01-01/2026-01-31`)).toBe(2);
  });
});

describe('the daily series and the anomalies in it', () => {
  const results = new Map<string, AnomalyRun>();

  beforeAll(async () => {
    // The first run backfills what DO serves; each later morning reads the last days again and judges yesterday.
    for (const today of daysBetween('2026-02-01', '2026-02-28')) {
      if (today === addDays(S.RESIZE_DAY, 1)) {
        resizeScenarioDroplet(account);
        await syncAll(new Date(`${S.RESIZE_DAY}T12:00:00Z`), [droplet]);
      }
      await refresh(morning(today));
      const run = await recordAnomalies(config, morning(today));
      results.set(run.day!, run);
    }
  }, 120_000);

  it('backfills from 2025-12-01 on the first run and then stores each point once, however often it is read', async () => {
    const stored = await DailySpend.countDocuments();
    const served = account.billing_insights.filter((p) => String(p.start_date) <= '2026-02-27').length;
    expect(stored).toBe(served);
    expect((await DailySpend.findOne().sort({ day: 1 }).lean())!.day).toBe('2025-12-01');
    const again = await refresh(morning('2026-02-28'));
    expect(again[0]).toMatchObject({ from: '2026-02-25', to: '2026-02-27', backfill: false });
    expect(await DailySpend.countDocuments()).toBe(stored);
  });

  it('takes the revised estimate of a day read again', async () => {
    const p = account.billing_insights.find((x) => x.start_date === '2026-02-26' && x.description === 'example-lb-01')!;
    p.total_amount = '0.41';
    await refresh(morning('2026-02-28'));
    const row = await DailySpend.findOne({ day: '2026-02-26', description: 'example-lb-01' }).lean();
    expect(row!.cents).toBe(41);
  });

  it('keeps a day read again to what DO serves now: a point dropped or renamed goes, a day not served stays', async () => {
    const points = account.billing_insights;
    const dropped = points.findIndex((x) => x.start_date === '2026-02-26' && x.description === 'example-lb-01');
    const [lb] = points.splice(dropped, 1);
    const renamed = points.find((x) => x.start_date === '2026-02-25' && x.description !== 'example-lb-01')!;
    const before = renamed.description;
    renamed.description = `${String(before)} (renamed)`;
    const unserved = points.filter((x) => x.start_date === '2026-02-27');
    account.billing_insights = points.filter((x) => x.start_date !== '2026-02-27');
    const kept = await DailySpend.countDocuments({ day: '2026-02-27' });
    try {
      await refresh(new Date('2026-02-28T10:00:00Z'));
      expect(await DailySpend.findOne({ day: '2026-02-26', description: 'example-lb-01' }).lean()).toBeNull();
      const sku = String(renamed.sku);
      expect(await DailySpend.findOne({ day: '2026-02-25', sku, description: before }).lean()).toBeNull();
      expect(
        await DailySpend.findOne({ day: '2026-02-25', sku, description: renamed.description }).lean(),
      ).not.toBeNull();
      expect(await DailySpend.countDocuments({ day: '2026-02-27' })).toBe(kept);
      expect(kept).toBeGreaterThan(0);
    } finally {
      renamed.description = before;
      account.billing_insights = [...account.billing_insights, ...unserved];
      points.splice(dropped, 0, lb!);
      await refresh(new Date('2026-02-28T11:00:00Z'));
    }
  });

  it('attributes each point to its tenant as tenant billing would, and keeps the rest with the account', async () => {
    const web = await DailySpend.findOne({ day: S.RESIZE_DAY, description: 'example.com (s-8vcpu-16gb)' }).lean();
    expect(web).toMatchObject({ tenant: 'acme', resource: 'droplet:3164444', product: 'Droplets', cents: 320 });
    const globex = await DailySpend.findOne({ day: S.NEW_TENANT_DAY, description: /globex/ }).lean();
    expect(globex).toMatchObject({ tenant: 'globex', resource: `droplet:${S.globexDropletId}` });
    const bandwidth = await DailySpend.findOne({ day: S.SPIKE_DAY, sku: '1-DO-BW-0001' }).lean();
    expect(bandwidth).toMatchObject({ tenant: null, resource: null, cents: 1850 });
  });

  it('reports the resize once, on its day, with what the inventory says explains it', () => {
    const day = results.get(S.RESIZE_DAY)!;
    expect(day.fresh.map((a) => [a.tenant, a.sku, a.baselineCents, a.cents])).toEqual([
      ['acme', '1-DO-DROP-0116', 0, 320],
    ]);
    expect(day.fresh[0]!.explanation).toEqual([
      'droplet example.com changed that day (now s-8vcpu-16gb)',
      'new on the bill: example.com (s-8vcpu-16gb)',
    ]);
  });

  it('reports the one-day spike once and closes it as recovered the next day', async () => {
    expect(results.get(S.SPIKE_DAY)!.fresh.map((a) => [a.tenant, a.sku, a.cents])).toEqual([
      [null, '1-DO-BW-0001', 1850],
    ]);
    expect(results.get(addDays(S.SPIKE_DAY, 1))!).toMatchObject({ fresh: [], closed: 1 });
    expect(await Anomaly.findOne({ sku: '1-DO-BW-0001' }).lean()).toMatchObject({
      status: 'closed',
      closedReason: 'recovered',
      closedDay: addDays(S.SPIKE_DAY, 1),
    });
  });

  it("notes globex as new on its first day and never reports its first days; the 1st's registry charge is no anomaly", () => {
    expect(results.get(S.NEW_TENANT_DAY)!.newTenants).toEqual([{ account: 'default', tenant: 'globex', cents: 80 }]);
    const reported = [...results.values()].flatMap((r) => r.fresh.map((a) => `${a.day} ${a.tenant} ${a.sku}`));
    expect(reported).toEqual([`${S.SPIKE_DAY} null 1-DO-BW-0001`, `${S.RESIZE_DAY} acme 1-DO-DROP-0116`]);
    expect(results.get('2026-02-01')!.fresh).toEqual([]);
  });

  it("records people's choices, and counts them for judging the thresholds", async () => {
    const [open] = await openAnomalies();
    expect(open!.sku).toBe('1-DO-DROP-0116');
    await decideAnomaly(open!._id, { decision: 'expected' }, 'U0FINANCE', new Date('2026-02-28T10:00:00Z'));
    expect(await anomalyStats()).toEqual({
      reported: 2,
      expected: 1,
      investigating: 0,
      snoozed: 0,
      undecided: 1,
      recovered: 1,
      settled: 0,
    });
  });
});
