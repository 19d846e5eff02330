import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Budget } from '../../models/budget.js';
import { ForecastSnapshot } from '../../models/forecast-snapshot.js';
import { Tenant } from '../../models/tenant.js';
import { setBudget } from '../../src/budget/budget-store.js';
import type { Forecast, ForecastPart } from '../../src/forecast/forecast.js';
import { recordForecasts } from '../../src/forecast/forecast-snapshots.js';
import { channelOf, type OutboxJob } from '../../src/outbox/message.js';
import { SlackOutbox } from '../../src/outbox/producer.js';
import { postBudgetAlerts } from '../../src/slack/budget-alerts.js';
import { isolation, silentLog, testConfig, useDatabase, useRedis } from '../helpers/context.js';
import { defineTenants } from '../helpers/tenants.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const config = testConfig(iso, {
  ARCADIA_FINANCE_CHANNEL: 'C0FINANCE',
  ARCADIA_ROUTES: JSON.stringify([{ tenant: 'globex', channel: 'C0GLOBEX' }]),
});
let outbox: SlackOutbox;
const deps = () => ({ config, outbox, redis: redis(), prefix: iso.prefix, log: silentLog });
const actor = { by: 'U0FIN', at: new Date('2026-06-01T09:00:00Z'), via: 'slash_command' as const };
const settings = { defaultThresholdsPct: [80, 100], accounts: [] };

const part = (key: string, mtd: number, rest: number, daily: number): ForecastPart => ({
  key,
  label: key.split(':')[1]!,
  kind: 'droplet',
  monthToDateCents: mtd,
  restCents: rest,
  dailyRateCents: daily,
});
/** A tenant's forecast on a June day (fake clock): `daily` cents a day since the 1st and on to the 30th. */
function forecast(tenant: string, day: number, daily: number, parts?: ForecastPart[]): Forecast {
  const mtd = daily * (day - 1);
  const rest = daily * (31 - day);
  return {
    scope: { kind: 'tenant', tenant },
    label: tenant,
    period: '2026-06',
    asOf: new Date(Date.UTC(2026, 5, day, 8, 15)),
    monthToDateAsOf: new Date(Date.UTC(2026, 5, day, 6)),
    monthToDateCents: mtd,
    restCents: rest,
    totalCents: mtd + rest,
    dailyRateCents: daily,
    daysLeft: 31 - day,
    parts: parts ?? [part(`droplet:${tenant}-web`, mtd, rest, daily)],
  };
}
const jobs = async () =>
  ((await outbox.queue.getJobs(['waiting', 'delayed'])) as { data: OutboxJob }[]).map((j) => j.data.message);

beforeAll(() => {
  outbox = new SlackOutbox({
    queue: { connection: redis(), prefix: iso.prefix },
    redis: redis(),
    log: silentLog,
    perChannelIntervalMs: 0,
  });
});
afterAll(() => outbox.close());
beforeEach(async () => {
  await Promise.all([
    Budget.deleteMany({}),
    Tenant.deleteMany({}),
    ForecastSnapshot.deleteMany({}),
    outbox.queue.obliterate({ force: true }),
  ]);
  await defineTenants('acme', 'globex', 'initech');
});

describe('budget alerts', () => {
  it('alerts a forecast that crosses the budget before the spend does, once, to the budget’s channel or the routes', async () => {
    await setBudget({ scope: 'tenant', name: 'acme', amountCents: 50_000, channel: 'C0ACME' }, actor, settings);
    await setBudget({ scope: 'tenant', name: 'globex', amountCents: 50_000 }, actor, settings);
    await setBudget({ scope: 'tenant', name: 'initech', amountCents: 90_000 }, actor, settings);
    // A week ago web ran at $12 a day; now acme adds a worker and the month lands at $612.
    await recordForecasts([forecast('acme', 4, 1_200)], 'daily');
    const acme = forecast('acme', 11, 2_000, [
      part('droplet:web', 12_000, 24_000, 1_200),
      part('droplet:worker', 8_000, 16_000, 800),
    ]);
    const today = [acme, forecast('globex', 11, 2_000), forecast('initech', 11, 1_000)];

    expect(await postBudgetAlerts(deps(), today, today[0]!.asOf)).toEqual(['C0ACME', 'C0GLOBEX']);
    const sent = await jobs();
    const acmeAlert = sent.find((m) => channelOf(m.target) === 'C0ACME')!;
    // $200 so far at $20 a day: $500 is reached 15 days after the 11th.
    expect(acmeAlert.text).toBe(
      "acme is on track for $600 against its $500 budget: it passes it around the 26th at today's rate",
    );
    expect(JSON.stringify(acmeAlert.blocks)).toContain('Grew most since 2026-06-04');
    expect(JSON.stringify(acmeAlert.blocks)).toContain('droplet worker: $0.00 → $240.00 (+$240.00)');
    // initech's $300 is under 80 % of $900: nothing.
    expect(sent.map((m) => channelOf(m.target)).sort()).toEqual(['C0ACME', 'C0GLOBEX']);
    expect((await Budget.findById('tenant:acme').lean())!.alerts).toEqual([
      expect.objectContaining({ period: '2026-06', thresholdPct: 100, forecastCents: 60_000, channel: 'C0ACME' }),
    ]);

    // The next day, the same picture: nothing more.
    const tomorrow = [forecast('acme', 12, 2_000), forecast('globex', 12, 2_000), forecast('initech', 12, 1_000)];
    expect(await postBudgetAlerts(deps(), tomorrow, tomorrow[0]!.asOf)).toEqual([]);
    // Run twice at once (two instances): one alert.
    expect(await postBudgetAlerts(deps(), today, today[0]!.asOf)).toEqual([]);
    expect(await jobs()).toHaveLength(2);
  });

  it('re-alerts when the day it is passed moves by more than ARCADIA_BUDGET_REALERT_DAYS, and for a higher threshold', async () => {
    await setBudget({ scope: 'tenant', name: 'acme', amountCents: 70_000 }, actor, settings);
    // $20 a day: $600 forecast, 80 % ($560) passed on the 29th.
    expect(await postBudgetAlerts(deps(), [forecast('acme', 11, 2_000)])).toEqual(['C0FINANCE']);
    // $21 a day: $630, still 80 %, passed on the 27th (2 days earlier): not material.
    expect(await postBudgetAlerts(deps(), [forecast('acme', 11, 2_100)])).toEqual([]);
    // $25 a day: $750, 100 % crossed: a higher threshold.
    expect(await postBudgetAlerts(deps(), [forecast('acme', 11, 2_500)])).toEqual(['C0FINANCE']);
    const texts = (await jobs()).map((m) => m.text).sort();
    expect(texts).toEqual([
      "acme is on track for $600 against its $700 budget: it passes 80% of it ($560) around the 29th at today's rate",
      "acme is on track for $750 against its $700 budget: it passes it around the 29th at today's rate",
    ]);
  });
});
