import type { Config } from '../config.js';
import { MissingDoTokenError } from '../errors.js';
import { accountClients, type AccountClients } from '../digitalocean/account-clients.js';
import { tokenScope } from '../sync/kinds/index.js';
import { forecastAll, pickForecast, type Forecast, type ForecastScope } from './forecast.js';
import { recordForecasts } from './forecast-snapshots.js';

/** What a front end shows: one scope's forecast, or (asked nothing) every team's and every tenant's. */
export interface ForecastView {
  scope: ForecastScope | undefined;
  /** The asked scope's forecast alone, or the teams' then the tenants' (largest first). */
  forecasts: Forecast[];
}

/**
 * The forecast a person asked for (the CLI's `arcadia forecast`, Slack's `/cloud forecast`, the
 * Home tab). Every scope is computed (shared costs are split over all tenants) and stored as the
 * day's snapshot, so what was shown is what the accuracy report later judges.
 */
export async function forecastView(
  scope: ForecastScope | undefined,
  config: Config,
  now: Date,
  accounts: AccountClients | undefined = accountClients(config, tokenScope),
): Promise<ForecastView> {
  if (!accounts) throw new MissingDoTokenError('A forecast');
  if (scope?.kind === 'account') accounts.check(scope.account);
  const all = await forecastAll({ client: accounts, now, config });
  await recordForecasts(all, 'message');
  if (scope) return { scope, forecasts: [pickForecast(all, scope)] };
  const by = (kind: ForecastScope['kind']) =>
    all
      .filter((f) => f.scope.kind === kind)
      .sort((a, b) => b.totalCents - a.totalCents || a.label.localeCompare(b.label));
  return { scope, forecasts: [...by('account'), ...by('tenant')] };
}
