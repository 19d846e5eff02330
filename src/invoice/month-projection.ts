import { isPeriod, periodBounds } from './period.js';

const DAY_MS = 86_400_000;

/**
 * The month's spend if it goes on as it has so far: month to date over the days elapsed (to the
 * figure's as-of instant, at least one day), times the days in the month; integer cents. Null when
 * the period is not a `YYYY-MM` or the as-of instant lies outside it.
 *
 * Why a projection and not "the same days of last month": DigitalOcean gives last month as one
 * invoice total, not day by day, so the first N days of last month are not known. What a finance
 * user holds the month against is last month's total; month to date beside that total always looks
 * low early in the month, so the tab puts the projection beside it, named as one.
 */
export function projectMonth(
  monthToDateCents: number,
  period: string,
  asOf: Date,
): { projectedCents: number; daysElapsed: number; daysInMonth: number } | null {
  if (!isPeriod(period)) return null;
  const { start, end } = periodBounds(period);
  if (asOf < start || asOf > end) return null;
  const daysInMonth = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  const elapsedMs = Math.max(asOf.getTime() - start.getTime(), DAY_MS);
  return {
    projectedCents: Math.round((monthToDateCents * (end.getTime() - start.getTime())) / elapsedMs),
    daysElapsed: Math.min(Math.ceil(elapsedMs / DAY_MS), daysInMonth),
    daysInMonth,
  };
}
