import { beforeAll, describe, expect, it } from 'vitest';
import { budgetAlertsDue } from '../../src/budget/check-budgets.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { forecastAll } from '../../src/forecast/forecast.js';
import { runSync } from '../../src/sync/engine.js';
import { kindSpec, SYNC_KINDS } from '../../src/sync/kinds/index.js';
import { budgetAlertHeadline } from '../../src/slack/blocks/budget-alert.js';
import {
  BUDGET_SCENARIO,
  defineScenarioTenants,
  deleteScenarioDroplet,
  plantScenarioBudget,
  scenarioAccount,
} from '../../testkit/digitalocean/budget-scenario.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { isolation, silentLog, testConfig, useDatabase, useDoStandin } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
// The account as the demo leaves it after its second sync.
const account = scenarioAccount();
deleteScenarioDroplet(account);
const standin = useDoStandin(new DoStandin(account));
const { asOf, expected } = BUDGET_SCENARIO;
const client = () => new DoClient({ token: 'dop_v1_standin', baseUrl: standin.url, retryBaseMs: 1 });
const config = () => testConfig(iso, { DIGITALOCEAN_API_URL: standin.url });

beforeAll(async () => {
  for (const kind of SYNC_KINDS)
    await runSync({
      spec: kindSpec(kind),
      client: client(),
      config: config(),
      runId: `sync-${kind}`,
      log: silentLog,
      now: () => asOf,
    });
  await defineScenarioTenants();
  await plantScenarioBudget();
});

describe("the stand-in's budget about to be crossed", () => {
  it('is under what acme has spent so far and over its forecast, and alerts at the expected threshold and day', async () => {
    const forecasts = await forecastAll({ client: client(), now: asOf, config: config() });
    const acme = forecasts.find((f) => f.scope.kind === 'tenant' && f.scope.tenant === BUDGET_SCENARIO.tenant)!;
    expect(acme.totalCents).toBe(BUDGET_SCENARIO.forecastCents);
    expect(acme.monthToDateCents).toBeLessThan(BUDGET_SCENARIO.amountCents);
    expect(acme.totalCents).toBeGreaterThan(BUDGET_SCENARIO.amountCents);

    const due = await budgetAlertsDue(forecasts, config());
    expect(due.map((d) => d.budget.id)).toEqual(['tenant:acme']);
    expect(due[0]!.decision).toMatchObject({
      thresholdPct: expected.thresholdPct,
      crossing: { at: new Date(`${expected.crossingDay}T00:00:00Z`) },
      reason: 'first',
    });
    expect(budgetAlertHeadline(due[0]!)).toBe(
      "acme is on track for $227 against its $190 budget: it passes it around the 27th at today's rate",
    );
  });
});
