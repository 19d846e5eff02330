import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { claimOnce } from '../src/claim-once.js';
import type { Config } from '../src/config.js';
import type { AccountClients } from '../src/digitalocean/account-clients.js';
import { forecastAll, type Forecast } from '../src/forecast/forecast.js';
import { recordForecasts } from '../src/forecast/forecast-snapshots.js';

export interface DailyForecastDeps {
  config: Config;
  accounts: AccountClients;
  redis: Redis;
  prefix: string;
  log: Logger;
}

/**
 * The daily forecast (ARCADIA_FORECAST_CRON): every team's, tenant's and project's forecast of the
 * month, stored as that day's snapshot. Several running instances compute it once (a Redis claim
 * for the day); the forecasts are returned to whoever runs after it (budget alerts), null when
 * another instance has the day.
 */
export async function recordDailyForecasts(
  deps: DailyForecastDeps,
  now: Date = new Date(),
): Promise<Forecast[] | null> {
  const day = now.toISOString().slice(0, 10);
  if (!(await claimOnce(deps.redis, `${deps.prefix}:forecast:daily:${day}`, 2 * 86_400))) return null;
  const forecasts = await forecastAll({ client: deps.accounts, now, config: deps.config });
  await recordForecasts(forecasts, 'daily');
  deps.log.info({ day, forecasts: forecasts.length }, 'daily forecasts stored');
  return forecasts;
}
