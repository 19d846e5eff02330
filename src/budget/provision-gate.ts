import { Budget } from '../../models/budget.js';
import { forecastSnapshots } from '../forecast/forecast-snapshots.js';
import { periodBounds, periodOf } from '../invoice/period.js';
import { budgetId } from './budget-terms.js';

/** A request that would push its tenant's forecast past its budget: the numbers its approval shows. Integer cents. */
export interface BudgetGate {
  period: string;
  budgetCents: number;
  /** The tenant's forecast of the month before the request. */
  forecastCents: number;
  /** What the request adds to the month: its monthly quote for the days left. */
  addedCents: number;
}

/**
 * Whether a monthly quote, running from `now` to the month's end, takes a forecast past a budget:
 * the quote is prorated by the time left in the month (what DO will bill of it this month).
 */
export function budgetGateOf(
  budgetCents: number,
  forecastCents: number,
  quoteMonthlyCents: number,
  now: Date,
): BudgetGate | null {
  const period = periodOf(now);
  const { start, end } = periodBounds(period);
  const addedCents = Math.round(
    (quoteMonthlyCents * (end.getTime() - now.getTime())) / (end.getTime() - start.getTime()),
  );
  return forecastCents + addedCents > budgetCents ? { period, budgetCents, forecastCents, addedCents } : null;
}

/**
 * The gate for a tenant's request, from its budget and its latest stored forecast of the month
 * (the daily snapshot, or a newer one shown since). No budget, or no forecast yet this month: none.
 */
export async function budgetGateFor(tenant: string, quoteMonthlyCents: number, now: Date): Promise<BudgetGate | null> {
  const budget = await Budget.findById(budgetId('tenant', tenant), { amountCents: 1 }).lean();
  if (!budget) return null;
  const latest = (await forecastSnapshots(periodOf(now), { kind: 'tenant', tenant })).at(-1);
  if (!latest) return null;
  return budgetGateOf(budget.amountCents, latest.totalCents, quoteMonthlyCents, now);
}
