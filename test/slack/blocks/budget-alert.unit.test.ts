import { describe, expect, it } from 'vitest';
import { decideBudgetAlert } from '../../../src/budget/budget-alert.js';
import { partsThatGrew } from '../../../src/budget/budget-growth.js';
import type { DueBudgetAlert } from '../../../src/budget/check-budgets.js';
import type { Forecast, ForecastPart } from '../../../src/forecast/forecast.js';
import { budgetAlertMessage, budgetResourcesMessage, ordinal } from '../../../src/slack/blocks/budget-alert.js';
import { expectWithinBlockKitLimits } from '../block-limits.js';

const part = (
  key: string,
  label: string,
  kind: string | null,
  mtd: number,
  rest: number,
  daily: number,
): ForecastPart => ({
  key,
  label,
  kind,
  monthToDateCents: mtd,
  restCents: rest,
  dailyRateCents: daily,
});
// acme on the morning of 11 June: $212 so far, $20 a day for the 20 days left → $612 against $500.
const today = [
  part('droplet:3164444', 'web-1', 'droplet', 12_000, 24_000, 1_200),
  part('managed_db:9cc1', 'acme-db', 'managed_db', 6_000, 12_000, 600),
  part('droplet:3164501', 'worker-2', 'droplet', 2_000, 4_000, 200),
  part('product:Spaces', 'Spaces', null, 1_200, 0, 0),
];
const weekAgo = [
  part('droplet:3164444', 'web-1', 'droplet', 2_400, 15_600, 600),
  part('managed_db:9cc1', 'acme-db', 'managed_db', 2_400, 15_600, 600),
  part('product:Spaces', 'Spaces', null, 500, 0, 0),
];
const forecast: Forecast = {
  scope: { kind: 'tenant', tenant: 'acme' },
  label: 'acme',
  period: '2026-06',
  asOf: new Date('2026-06-11T08:15:00Z'),
  monthToDateAsOf: new Date('2026-06-11T06:00:00Z'),
  monthToDateCents: 21_200,
  restCents: 40_000,
  totalCents: 61_200,
  dailyRateCents: 2_000,
  daysLeft: 19.66,
  parts: today,
};
const budget = {
  id: 'tenant:acme',
  scope: 'tenant' as const,
  name: 'acme',
  amountCents: 50_000,
  thresholdsPct: [80, 100],
  channel: 'C0ACME',
  setBy: 'U0FIN',
  setAt: new Date('2026-06-01T09:00:00Z'),
  via: 'slash_command',
  acknowledgements: [],
};
export const acmeAlert: DueBudgetAlert = {
  budget,
  forecast,
  decision: decideBudgetAlert({ ...budget, alerts: [] }, forecast, 3)!,
  grew: partsThatGrew(weekAgo, today),
  since: '2026-06-04',
};

describe('the budget alert', () => {
  it('leads with the forecast against the budget and the day it is passed at today’s rate', () => {
    const message = budgetAlertMessage(acmeAlert);
    expect(message.text).toBe(
      "acme is on track for $612 against its $500 budget: it passes it around the 26th at today's rate",
    );
    expectWithinBlockKitLimits(message);
  });

  it('names the three parts that grew most since a week ago, and carries the three buttons', async () => {
    const message = budgetAlertMessage(acmeAlert);
    const text = JSON.stringify(message.blocks);
    expect(acmeAlert.grew.map((g) => g.label)).toEqual(['web-1', 'worker-2', 'Spaces']);
    expect(text).toContain('droplet web-1: $180.00 → $360.00 (+$180.00)');
    expect(text).not.toContain('acme-db');
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      'budget_acknowledge',
      'budget_raise',
      'budget_show_resources',
    ]);
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('../golden/budget-alert.json');
  });

  it('says when a lower threshold is crossed, or the budget already passed', () => {
    const at80 = { ...acmeAlert, budget: { ...budget, amountCents: 70_000 } };
    at80.decision = decideBudgetAlert({ ...at80.budget, alerts: [] }, forecast, 3)!;
    expect(budgetAlertMessage(at80).text).toBe(
      "acme is on track for $612 against its $700 budget: it passes 80% of it ($560) around the 29th at today's rate",
    );
    const passed = { ...acmeAlert, budget: { ...budget, amountCents: 20_000 } };
    passed.decision = decideBudgetAlert({ ...passed.budget, alerts: [] }, forecast, 3)!;
    expect(budgetAlertMessage(passed).text).toBe(
      'acme is on track for $612 against its $200 budget: it has already passed it',
    );
  });

  it('lists the resources of the forecast for Show resources', async () => {
    const message = budgetResourcesMessage('acme', today);
    expect(JSON.stringify(message.blocks)).toContain('droplet web-1: $360.00 ($120.00 so far, $12.00 a day)');
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('../golden/budget-resources.json');
  });

  it('writes days as people do', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map(ordinal).join(' ')).toBe(
      '1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 31st',
    );
  });
});
