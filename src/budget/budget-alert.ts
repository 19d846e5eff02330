import { periodBounds } from '../invoice/period.js';

const DAY_MS = 86_400_000;

/** What the alert decision reads of a forecast (`Forecast` in src/forecast/forecast.ts has all of it). */
export interface ForecastFigures {
  period: string;
  asOf: Date;
  monthToDateCents: number;
  totalCents: number;
  dailyRateCents: number;
}

/** What the decision reads of a budget: its amount, thresholds and the alerts it already sent. */
export interface BudgetFigures {
  amountCents: number;
  thresholdsPct: readonly number[];
  alerts: readonly { period: string; thresholdPct: number; crossingAt: Date | null }[];
}

/** When spend passes an amount: a day of the month, already passed, or not this month at today's rate. */
export type Crossing = { at: Date } | { passed: true } | { notThisMonth: true };

/** An alert to send: the highest threshold the forecast crosses, and why now. */
export interface BudgetAlertDecision {
  thresholdPct: number;
  thresholdCents: number;
  crossing: Crossing;
  reason: 'first' | 'higher_threshold' | 'date_moved';
}

/** The cents a threshold percentage of the budget stands for, rounded up: reaching it means spending all of it. */
export function thresholdCents(amountCents: number, pct: number): number {
  return Math.ceil((amountCents * pct) / 100);
}

/**
 * The day the month's spend reaches `targetCents` if it goes on at today's daily rate: the
 * month-to-date plus the rate for each day from `asOf`. Days are UTC days; the estimate is the day
 * the spend reaches the target, so "around the 23rd".
 */
export function crossingOf(f: ForecastFigures, targetCents: number): Crossing {
  if (f.monthToDateCents >= targetCents) return { passed: true };
  if (f.dailyRateCents <= 0) return { notThisMonth: true };
  const days = Math.ceil((targetCents - f.monthToDateCents) / f.dailyRateCents);
  const today = Date.UTC(f.asOf.getUTCFullYear(), f.asOf.getUTCMonth(), f.asOf.getUTCDate());
  const at = new Date(today + days * DAY_MS);
  return at < periodBounds(f.period).end ? { at } : { notThisMonth: true };
}

/** A crossing as the date the re-alert rule compares: an already passed threshold counts as passed today. */
function comparable(c: Crossing, asOf: Date): Date | null {
  if ('at' in c) return c.at;
  if ('passed' in c) return asOf;
  return null;
}

/**
 * Whether a budget's forecast calls for an alert now. The forecast crosses a threshold when its
 * month total reaches that share of the budget; each threshold is alerted once a month, and the
 * same threshold again only when the picture changed materially: the day it is passed moved by
 * more than `reAlertDays` since the last alert about it. A forecast that falls back below a
 * threshold already alerted sends nothing (the next higher one still will).
 */
export function decideBudgetAlert(
  budget: BudgetFigures,
  forecast: ForecastFigures,
  reAlertDays: number,
): BudgetAlertDecision | null {
  const crossed = [...budget.thresholdsPct]
    .sort((a, b) => a - b)
    .filter((pct) => forecast.totalCents >= thresholdCents(budget.amountCents, pct));
  const highest = crossed.at(-1);
  if (highest === undefined) return null;
  const target = thresholdCents(budget.amountCents, highest);
  const crossing = crossingOf(forecast, target);
  const sent = budget.alerts.filter((a) => a.period === forecast.period);
  const decision = (reason: BudgetAlertDecision['reason']): BudgetAlertDecision => ({
    thresholdPct: highest,
    thresholdCents: target,
    crossing,
    reason,
  });
  if (!sent.length) return decision('first');
  const highestSent = Math.max(...sent.map((a) => a.thresholdPct));
  if (highest > highestSent) return decision('higher_threshold');
  if (highest < highestSent) return null;
  const last = sent.filter((a) => a.thresholdPct === highest).at(-1)!;
  const before = last.crossingAt ?? forecast.asOf;
  const now = comparable(crossing, forecast.asOf);
  if (now === null) return null;
  // An already-passed threshold whose last alert said "passed" stays the same picture.
  if (last.crossingAt === null && 'passed' in crossing) return null;
  return Math.abs(now.getTime() - before.getTime()) > reAlertDays * DAY_MS ? decision('date_moved') : null;
}
