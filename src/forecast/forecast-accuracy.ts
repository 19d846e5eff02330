import { ForecastSnapshot } from '../../models/forecast-snapshot.js';
import type { BillingLine } from '../billing/allocate-invoice.js';
import { billingLine } from '../billing/billing-lines.js';
import { billingSettings } from '../billing/billing-service.js';
import { BillingPeriodNotFoundError } from '../billing/errors.js';
import { listTenants } from '../billing/tenant-store.js';
import type { Config } from '../config.js';
import { invoiceReport } from '../invoice/index.js';
import { periodBounds } from '../invoice/period.js';
import { PriceBook } from '../pricing/price-book.js';
import { buildForecasts, type TeamMonthToDate } from './build-forecasts.js';
import { forecastResources } from './forecast.js';
import { forecastSnapshots, scopeKey, type ForecastSnapshotView } from './forecast-snapshots.js';

/** |forecast − actual| / actual × 100, one decimal; null when the actual is 0 (any error is then infinite). */
export function absErrorPct(forecastCents: number, actualCents: number): number | null {
  if (actualCents === 0) return null;
  return Math.round((Math.abs(forecastCents - actualCents) / Math.abs(actualCents)) * 1000) / 10;
}

/** The mean of the non-null values, one decimal; null with none. */
export function meanPct(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  if (!known.length) return null;
  return Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) / 10;
}

/**
 * Each scope's share of a closed month's stored invoice, by the forecast's own rules: the invoice's
 * lines as a month to date with nothing left to run (the month's end as its instant), so a team's,
 * tenant's and project's actual is allocated exactly as their forecasts were. Null when no invoice
 * of the month is stored.
 */
export async function actualsOf(period: string, config: Config): Promise<Map<string, number> | null> {
  const report = await invoiceReport(period);
  if (!report) return null;
  const { end } = periodBounds(period);
  const accountOf = new Map(report.invoices.map((i) => [i.id, i.account]));
  const byTeam = new Map<string, BillingLine[]>();
  for (const item of report.items) {
    const account = accountOf.get(item.invoiceId)!;
    const lines = byTeam.get(account) ?? [];
    lines.push(billingLine(item, account));
    byTeam.set(account, lines);
  }
  const teams: TeamMonthToDate[] = [...byTeam].map(([account, lines]) => ({
    account,
    period,
    asOf: end,
    lines,
    balance: null,
  }));
  const [resources, tenants] = await Promise.all([forecastResources(), listTenants()]);
  const actual = buildForecasts({
    now: new Date(end.getTime() - 1),
    teams,
    resources,
    tenants,
    settings: billingSettings(config),
    prices: new PriceBook(),
  });
  return new Map(actual.map((f) => [scopeKey(f.scope), f.monthToDateCents]));
}

/**
 * When a month's invoice is stored: how far each stored daily forecast of the month was from it,
 * per scope, day by day, written on the snapshots. A scope the invoice does not reach (a tenant
 * removed since) keeps no actual. Returns how many snapshots it judged; safe to run again (an
 * invoice replaced is judged anew).
 */
export async function recordForecastAccuracy(period: string, config: Config): Promise<number> {
  const actuals = await actualsOf(period, config);
  if (!actuals) return 0;
  const snapshots = await ForecastSnapshot.find({ period }, { _id: 1, scopeKey: 1, totalCents: 1 }).lean();
  const writes = snapshots.flatMap((s) => {
    const actual = actuals.get(s.scopeKey);
    if (actual === undefined) return [];
    return [
      {
        updateOne: {
          filter: { _id: s._id },
          update: {
            $set: {
              actualCents: actual,
              errorCents: s.totalCents - actual,
              absErrorPct: absErrorPct(s.totalCents, actual),
            },
          },
        },
      },
    ];
  });
  if (writes.length) await ForecastSnapshot.bulkWrite(writes, { ordered: false });
  return writes.length;
}

/** One scope's month: its forecast each day beside the actual, and the mean absolute percentage error. */
export interface ScopeAccuracy {
  scopeKey: string;
  label: string;
  actualCents: number;
  meanAbsErrorPct: number | null;
  days: { day: string; totalCents: number; errorCents: number; absErrorPct: number | null }[];
}

/** What `arcadia forecast accuracy PERIOD` shows. */
export interface ForecastAccuracy {
  period: string;
  /** Every scope's mean absolute percentage error over the month's days, teams first. */
  scopes: ScopeAccuracy[];
  /** By day of the month (1–31): the mean absolute percentage error of that day's forecasts over every scope. */
  byDayOfMonth: { dayOfMonth: number; scopes: number; meanAbsErrorPct: number | null }[];
  /** Every scope and day together. */
  meanAbsErrorPct: number | null;
}

const ORDER = { account: 0, tenant: 1, project: 2 } as Record<string, number>;

/** The accuracy of a closed month's forecasts, judged against its stored invoice first (so it is current). */
export async function forecastAccuracy(period: string, config: Config): Promise<ForecastAccuracy> {
  if (!(await invoiceReport(period))) throw new BillingPeriodNotFoundError(period);
  await recordForecastAccuracy(period, config);
  return accuracyOf(period, await forecastSnapshots(period));
}

/** The report over a month's judged snapshots (pure). */
export function accuracyOf(period: string, snapshots: readonly ForecastSnapshotView[]): ForecastAccuracy {
  const judged = snapshots.filter((s) => s.actualCents !== null);
  const byScope = new Map<string, ForecastSnapshotView[]>();
  for (const s of judged) byScope.set(s.scopeKey, (byScope.get(s.scopeKey) ?? []).concat(s));
  const scopes: ScopeAccuracy[] = [...byScope.values()].map((days) => ({
    scopeKey: days[0]!.scopeKey,
    label: days[0]!.label,
    actualCents: days[0]!.actualCents!,
    meanAbsErrorPct: meanPct(days.map((d) => d.absErrorPct)),
    days: [...days]
      .sort((a, b) => a.day.localeCompare(b.day))
      .map((d) => ({ day: d.day, totalCents: d.totalCents, errorCents: d.errorCents!, absErrorPct: d.absErrorPct })),
  }));
  scopes.sort(
    (a, b) =>
      (ORDER[a.scopeKey.split(':')[0]!] ?? 3) - (ORDER[b.scopeKey.split(':')[0]!] ?? 3) ||
      b.actualCents - a.actualCents,
  );
  const byDay = new Map<number, (number | null)[]>();
  for (const s of judged) {
    const dom = Number(s.day.slice(8, 10));
    byDay.set(dom, [...(byDay.get(dom) ?? []), s.absErrorPct]);
  }
  return {
    period,
    scopes,
    byDayOfMonth: [...byDay]
      .sort((a, b) => a[0] - b[0])
      .map(([dayOfMonth, values]) => ({ dayOfMonth, scopes: values.length, meanAbsErrorPct: meanPct(values) })),
    meanAbsErrorPct: meanPct(judged.map((s) => s.absErrorPct)),
  };
}

/** Last month's forecast beside its invoice, for the monthly summary: every team together. */
export interface MonthForecastSummary {
  /** The day whose forecast is shown: the one nearest the middle of the month. */
  day: string;
  totalCents: number;
  actualCents: number;
  absErrorPct: number | null;
  /** Over every stored day. */
  days: number;
  meanAbsErrorPct: number | null;
}

/** The teams' forecasts of a month, added up day by day, against its invoice; null when none was stored. */
export async function monthForecastSummary(period: string, config: Config): Promise<MonthForecastSummary | null> {
  await recordForecastAccuracy(period, config);
  const teams = (await forecastSnapshots(period)).filter(
    (s) => s.scopeKey.startsWith('account:') && s.actualCents !== null,
  );
  if (!teams.length) return null;
  const actualCents = [...new Map(teams.map((s) => [s.scopeKey, s.actualCents!])).values()].reduce((a, b) => a + b, 0);
  const byDay = new Map<string, number>();
  for (const s of teams) byDay.set(s.day, (byDay.get(s.day) ?? 0) + s.totalCents);
  const days = [...byDay].sort((a, b) => a[0].localeCompare(b[0]));
  const [day, totalCents] = days.reduce((best, d) =>
    Math.abs(Number(d[0].slice(8)) - 15) < Math.abs(Number(best[0].slice(8)) - 15) ? d : best,
  );
  return {
    day,
    totalCents,
    actualCents,
    absErrorPct: absErrorPct(totalCents, actualCents),
    days: days.length,
    meanAbsErrorPct: meanPct(days.map(([, cents]) => absErrorPct(cents, actualCents))),
  };
}
