import { forecastScope } from '../arguments.js';
import type { Config } from '../config.js';
import type { Forecast } from '../forecast/forecast.js';
import { forecastView, type ForecastView } from '../forecast/forecast-service.js';
import { formatUsd } from '../invoice/money.js';
import { plural } from '../plural.js';
import { renderTable } from './render-table.js';
import { withRuntime } from './with-runtime.js';

const at = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const BASIS =
  "Cost before markup. The rest: what runs now at list prices to the month's end (droplets per second, the rest by the hour, each held to its monthly price); bandwidth, unpriced products and tax at the month's pace so far.";

/** One scope's forecast for people: the figure first, then how it is made up, part by part. */
export function renderForecast(f: Forecast): string {
  const scope =
    f.scope.kind === 'project' ? `project ${f.label}` : f.scope.kind === 'account' ? `DO team ${f.label}` : f.label;
  return [
    `Forecast ${scope} ${f.period}: ${formatUsd(f.totalCents)} by month end`,
    `  ${formatUsd(f.monthToDateCents)} so far (DO's figures as of ${at(f.monthToDateAsOf)}) + ${formatUsd(f.restCents)} for the ${plural(Math.ceil(f.daysLeft), 'day')} left, at ${formatUsd(f.dailyRateCents)} a day`,
    '',
    renderTable(
      ['PART', 'KIND', 'SO FAR', 'REST', 'FORECAST', 'A DAY'],
      f.parts.map((p) => [
        p.label,
        p.kind ?? '',
        formatUsd(p.monthToDateCents),
        formatUsd(p.restCents),
        formatUsd(p.monthToDateCents + p.restCents),
        formatUsd(p.dailyRateCents),
      ]),
    ),
    '',
    BASIS,
  ].join('\n');
}

/** Every team and tenant, largest first. */
export function renderForecastOverview(view: ForecastView): string {
  const first = view.forecasts[0];
  if (!first) return 'No forecast: no DO team is configured.';
  return [
    `Month-end forecast ${first.period} (DO's figures as of ${at(first.monthToDateAsOf)})`,
    '',
    renderTable(
      ['', 'NAME', 'SO FAR', 'FORECAST', 'A DAY'],
      view.forecasts.map((f) => [
        f.scope.kind === 'account' ? 'team' : 'tenant',
        f.label,
        formatUsd(f.monthToDateCents),
        formatUsd(f.totalCents),
        formatUsd(f.dailyRateCents),
      ]),
    ),
    '',
    BASIS,
  ].join('\n');
}

/** What the forecast commands do, loaded when one runs (src/cli/forecast-commands.ts defines them). */
export function forecastActions(config: () => Config) {
  return {
    show: async (opts: { tenant?: string; project?: string; account?: string; json?: boolean }) => {
      const scope = forecastScope(opts);
      return withRuntime(config(), async (rt) => {
        const view = await forecastView(scope, rt.config, new Date(), rt.accounts);
        if (opts.json) console.log(JSON.stringify(scope ? view.forecasts[0] : view.forecasts));
        else console.log(scope ? renderForecast(view.forecasts[0]!) : renderForecastOverview(view));
        return 0;
      });
    },
    accuracy: async (period: string, opts: { json?: boolean }) => {
      const { accuracyAction } = await import('./forecast-accuracy.js');
      return accuracyAction(config(), period, opts);
    },
  };
}
