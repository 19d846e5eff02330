import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { budgetAlertsDue, recordBudgetAlert, type DueBudgetAlert } from '../budget/check-budgets.js';
import { claimOnce } from '../claim-once.js';
import type { Config } from '../config.js';
import { errorMessage } from '../errors.js';
import { forecastAll, type Forecast } from '../forecast/forecast.js';
import { recordForecasts } from '../forecast/forecast-snapshots.js';
import type { AccountClients } from '../digitalocean/account-clients.js';
import { Budget } from '../../models/budget.js';
import type { SlackOutbox } from '../outbox/producer.js';
import { routeFor } from '../routing/routes.js';
import { budgetAlertMessage } from './blocks/budget-alert.js';

export interface BudgetAlertDeps {
  config: Pick<
    Config,
    'ARCADIA_BUDGET_REALERT_DAYS' | 'ARCADIA_ROUTES' | 'ARCADIA_FINANCE_CHANNEL' | 'ARCADIA_ALERTS_CHANNEL'
  >;
  outbox: SlackOutbox;
  redis: Redis;
  prefix: string;
  log: Logger;
}

/**
 * Where a budget's alert goes: the budget's own channel, else the routing rules (a tenant's rule,
 * a project's by name or id), else the finance channel, else the alerts channel.
 */
export function budgetAlertChannel(a: DueBudgetAlert, config: BudgetAlertDeps['config']): string | undefined {
  if (a.budget.channel) return a.budget.channel;
  const { scope } = a.forecast;
  const routed = routeFor(
    {
      tenant: scope.kind === 'tenant' ? scope.tenant : null,
      projectId: scope.kind === 'project' ? scope.project : null,
      projectName: scope.kind === 'project' ? a.forecast.label : null,
      tags: [],
    },
    config.ARCADIA_ROUTES,
  );
  return routed ?? config.ARCADIA_FINANCE_CHANNEL ?? config.ARCADIA_ALERTS_CHANNEL;
}

/**
 * Checks every budget against `forecasts` (the month's, all scopes) and posts each alert due
 * through the outbox, recording it on the budget. Each alert (budget, month, threshold, day) is
 * claimed in Redis first, so instances checking at once post it once. Returns the channels posted to.
 */
export async function postBudgetAlerts(
  deps: BudgetAlertDeps,
  forecasts: readonly Forecast[],
  now: Date = new Date(),
): Promise<string[]> {
  const due = await budgetAlertsDue(forecasts, deps.config, (budget, err) =>
    deps.log.warn({ budget: budget.id, err: errorMessage(err) }, 'budget has no forecast; not checked'),
  );
  const posted: string[] = [];
  for (const alert of due) {
    const channel = budgetAlertChannel(alert, deps.config);
    if (!channel) {
      deps.log.warn(
        { budget: alert.budget.id },
        'budget alert has no channel (set one, a route, or ARCADIA_FINANCE_CHANNEL)',
      );
      continue;
    }
    const c = alert.decision.crossing;
    const day = 'at' in c ? c.at.toISOString().slice(0, 10) : 'passed' in c ? 'passed' : 'none';
    const id = `budget-alert:${alert.budget.id}:${alert.forecast.period}:${alert.decision.thresholdPct}:${day}`;
    if (!(await claimOnce(deps.redis, `${deps.prefix}:slack:${id}`, 40 * 86_400))) continue;
    await deps.outbox.send(
      { ...budgetAlertMessage(alert), target: { to: 'channel', channel }, label: 'budget-alert' },
      { id: id.replace(/[^A-Za-z0-9_.-]/g, '_') },
    );
    await recordBudgetAlert(alert, channel, now);
    deps.log.info({ budget: alert.budget.id, threshold: alert.decision.thresholdPct, channel }, 'budget alert posted');
    posted.push(channel);
  }
  return posted;
}

/** The scheduled check (ARCADIA_BUDGET_CHECK_CRON): today's forecasts, stored as shown, then every budget against them. */
export async function checkBudgetsNow(
  deps: BudgetAlertDeps & { config: Config },
  accounts: AccountClients,
  now: Date = new Date(),
): Promise<string[]> {
  if ((await Budget.estimatedDocumentCount()) === 0) return [];
  const forecasts = await forecastAll({ client: accounts, now, config: deps.config });
  await recordForecasts(forecasts, 'message');
  return postBudgetAlerts(deps, forecasts, now);
}
