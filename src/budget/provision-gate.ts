import { Budget } from '../../models/budget.js';
import { formatUsd } from '../invoice/money.js';
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

/** A saga's stored gate (its schema's fields are optional) as the messages read it; null when not gated. */
export function storedBudgetGate(
  stored:
    | { period?: string | null; budgetCents?: number | null; forecastCents?: number | null; addedCents?: number | null }
    | null
    | undefined,
): BudgetGate | null {
  if (!stored) return null;
  return {
    period: stored.period ?? '',
    budgetCents: stored.budgetCents ?? 0,
    forecastCents: stored.forecastCents ?? 0,
    addedCents: stored.addedCents ?? 0,
  };
}

/**
 * A gate's numbers in words, as every message about a gated request says them (the approval request,
 * the `/cloud provision` reply, the command line): "its 2026-06 forecast of $480.00 plus $45.00 from
 * this request for the rest of the month is $525.00, against a $500.00 budget".
 */
export function budgetGateNumbers(g: BudgetGate): string {
  return `its ${g.period} forecast of ${formatUsd(g.forecastCents)} plus ${formatUsd(g.addedCents)} from this request for the rest of the month is ${formatUsd(g.forecastCents + g.addedCents)}, against a ${formatUsd(g.budgetCents)} budget`;
}

/** Who a request waits for: an admin, or, past its tenant's budget, an admin and a finance user. */
export function approversNeeded(gated: boolean): string {
  return gated ? "an admin's and a finance user's approval" : "an admin's approval";
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
