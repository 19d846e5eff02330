import { Budget } from '../../models/budget.js';
import type { Config } from '../config.js';
import { pickForecast, type Forecast, type ForecastScope } from '../forecast/forecast.js';
import { forecastSnapshots } from '../forecast/forecast-snapshots.js';
import { decideBudgetAlert, type BudgetAlertDecision } from './budget-alert.js';
import { baselineDay, partsThatGrew, type PartGrowth } from './budget-growth.js';
import { listBudgets, type BudgetView } from './budget-store.js';

/** A budget whose forecast calls for an alert now, with what grew most since the baseline day. */
export interface DueBudgetAlert {
  budget: BudgetView;
  forecast: Forecast;
  decision: BudgetAlertDecision;
  grew: PartGrowth[];
  /** The day growth is measured from; null with no earlier snapshot this month. */
  since: string | null;
}

/** The forecast scope a budget's scope is. */
export function forecastScopeOf(b: Pick<BudgetView, 'scope' | 'name'>): ForecastScope {
  if (b.scope === 'tenant') return { kind: 'tenant', tenant: b.name };
  if (b.scope === 'project') return { kind: 'project', project: b.name };
  return { kind: 'account', account: b.name };
}

/**
 * Every budget against its scope's forecast (from `forecasts`, all of the month's): those the alert
 * rule says to alert now. A budget whose scope has no forecast (a tenant removed since) is skipped.
 */
export async function budgetAlertsDue(
  forecasts: readonly Forecast[],
  config: Pick<Config, 'ARCADIA_BUDGET_REALERT_DAYS'>,
  skipped: (budget: BudgetView, err: unknown) => void = () => {},
): Promise<DueBudgetAlert[]> {
  const due: DueBudgetAlert[] = [];
  type Sent = { _id: string; alerts?: { period: string; thresholdPct: number; crossingAt: Date | null }[] };
  const alertsOf = new Map((await Budget.find({}, { alerts: 1 }).lean<Sent[]>()).map((d) => [d._id, d.alerts ?? []]));
  for (const budget of await listBudgets()) {
    let forecast: Forecast | undefined;
    try {
      forecast = pickForecast(forecasts, forecastScopeOf(budget));
    } catch (err) {
      skipped(budget, err);
      continue;
    }
    if (!forecast) continue;
    const decision = decideBudgetAlert(
      { ...budget, alerts: alertsOf.get(budget.id) ?? [] },
      forecast,
      config.ARCADIA_BUDGET_REALERT_DAYS,
    );
    if (!decision) continue;
    const day = forecast.asOf.toISOString().slice(0, 10);
    const snapshots = await forecastSnapshots(forecast.period, forecast.scope);
    const since = baselineDay(
      snapshots.map((s) => s.day),
      day,
    );
    const before = snapshots.find((s) => s.day === since)?.parts ?? [];
    due.push({ budget, forecast, decision, grew: since ? partsThatGrew(before, forecast.parts) : [], since });
  }
  return due;
}

/** Keeps the alert on the budget, so the rule knows next time what was sent. */
export async function recordBudgetAlert(alert: DueBudgetAlert, channel: string, at: Date): Promise<void> {
  const { decision, forecast } = alert;
  await Budget.updateOne(
    { _id: alert.budget.id },
    {
      $push: {
        alerts: {
          period: forecast.period,
          thresholdPct: decision.thresholdPct,
          forecastCents: forecast.totalCents,
          crossingAt: 'at' in decision.crossing ? decision.crossing.at : null,
          sentAt: at,
          channel,
        },
      },
    },
  );
}
