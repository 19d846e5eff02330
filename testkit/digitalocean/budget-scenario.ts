import { setTenant } from '../../src/billing/tenant-store.js';
import { setBudget } from '../../src/budget/budget-store.js';
import { sampleAccount, type DoAccount, type RawObject } from './account.js';
import { plantInsightsScenario } from './billing-insights.js';

/**
 * The sample account's budget about to be crossed: on 5 July 2025 (where the stand-in's invoice
 * preview and balance stand) acme, the tenant of project my-web-api, is forecast past a budget it
 * has not reached yet. The demo and test/budget/budget-scenario.test.ts plant the same one and
 * expect the same alert.
 */
export const BUDGET_SCENARIO = {
  asOf: new Date('2025-07-05T18:00:00Z'),
  /** The tenants the demo defines, as `arcadia tenant set` would. */
  tenants: [
    { name: 'acme', projects: ['my-web-api'], markupPct: 10 },
    { name: 'initech', projects: ['Default'] },
  ],
  tenant: 'acme',
  /**
   * Under acme's forecast of the month on `asOf` and over its spend so far, with the day it is passed
   * the 27th both on an inventory synced that day (the test) and on one first seen today (the demo,
   * whose resources without a DO creation date count from when Arcadia first saw them).
   */
  amountCents: 19_000,
  thresholdsPct: [80, 100],
  /** What the budget check alerts on `asOf`: the threshold and the day the spend passes it at that day's rate. */
  expected: { thresholdPct: 100, crossingDay: '2025-07-27' },
  /** acme's forecast on an inventory synced on `asOf`. */
  forecastCents: 22_654,
} as const;

/** Defines the scenario's tenants, as the demo does before its billing report. */
export async function defineScenarioTenants(): Promise<void> {
  for (const t of BUDGET_SCENARIO.tenants) await setTenant(t);
}

/** Sets the scenario's budget on acme, as `arcadia budget set tenant acme …` would. */
export async function plantScenarioBudget(): Promise<void> {
  await setBudget(
    {
      scope: 'tenant',
      name: BUDGET_SCENARIO.tenant,
      amountCents: BUDGET_SCENARIO.amountCents,
      thresholdsPct: [...BUDGET_SCENARIO.thresholdsPct],
    },
    { by: 'cli', at: BUDGET_SCENARIO.asOf, via: 'cli' },
    { defaultThresholdsPct: BUDGET_SCENARIO.thresholdsPct, accounts: [] },
  );
}

/** The stand-in's account as the demo serves it: the sample account with the Billing Insights scenario planted. */
export function scenarioAccount(): DoAccount {
  const account = sampleAccount();
  // Billing Insights: ~90 days of daily spend per SKU, with a resize, a spike and a new tenant planted.
  account.billing_insights = plantInsightsScenario(account);
  return account;
}

/** The droplet the demo deletes between its two syncs (for its stale alert): the scenario is without it. */
export function deleteScenarioDroplet(account: DoAccount): RawObject | undefined {
  return account.droplets.splice(2, 1)[0];
}
