import { parsePeriod } from '../arguments.js';
import type { Config } from '../config.js';
import { ErrorCode } from '../errors.js';
import { forecastAccuracy, type ForecastAccuracy } from '../forecast/forecast-accuracy.js';
import { formatUsd } from '../invoice/money.js';
import { renderTable } from './render-table.js';
import { withDatabase } from './with-database.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(1)}%`);

/** The month's accuracy for people: the one number first, then by day of the month, then by scope. */
export function renderAccuracy(a: ForecastAccuracy): string {
  if (!a.scopes.length)
    return `No forecasts of ${a.period} are stored: the daily job (ARCADIA_FORECAST_CRON) had not run during it.`;
  return [
    `Forecasts of ${a.period}: ${pct(a.meanAbsErrorPct)} off the invoice on average (mean absolute error over every scope and day)`,
    '',
    renderTable(
      ['DAY', 'SCOPES', 'MEAN ABS ERROR'],
      a.byDayOfMonth.map((d) => [d.dayOfMonth, d.scopes, pct(d.meanAbsErrorPct)]),
    ),
    '',
    renderTable(
      ['SCOPE', 'ACTUAL', 'DAYS', 'MEAN ABS ERROR', 'LAST FORECAST'],
      a.scopes.map((s) => {
        const last = s.days.at(-1)!;
        return [
          s.scopeKey.startsWith('project:') ? `project:${s.label}` : s.scopeKey,
          formatUsd(s.actualCents),
          s.days.length,
          pct(s.meanAbsErrorPct),
          `${formatUsd(last.totalCents)} on ${last.day}`,
        ];
      }),
    ),
  ].join('\n');
}

/** `arcadia forecast accuracy PERIOD [--json]`: reads MongoDB only (the stored invoice and snapshots). */
export async function accuracyAction(config: Config, period: string, opts: { json?: boolean }): Promise<number> {
  parsePeriod(period, `Give the month as YYYY-MM (e.g. 2025-06), not "${period}".`, ErrorCode.BillingUsage);
  return withDatabase(config, async () => {
    const accuracy = await forecastAccuracy(period, config);
    console.log(opts.json ? JSON.stringify(accuracy) : renderAccuracy(accuracy));
    return 0;
  });
}
