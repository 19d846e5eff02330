import { ForecastSnapshot } from '../../models/forecast-snapshot.js';
import type { Forecast, ForecastPart, ForecastScope } from './forecast.js';

/** `tenant:acme`, `account:default`, `project:<id>`: how a snapshot names its scope. */
export function scopeKey(scope: ForecastScope): string {
  return `${scope.kind}:${scopeId(scope)}`;
}

export function scopeId(scope: ForecastScope): string {
  return scope.kind === 'account' ? scope.account : scope.kind === 'tenant' ? scope.tenant : scope.project;
}

/** A stored day's forecast, as the budget alerts and the accuracy report read it. */
export interface ForecastSnapshotView {
  period: string;
  day: string;
  scopeKey: string;
  label: string;
  asOf: Date;
  monthToDateCents: number;
  restCents: number;
  totalCents: number;
  dailyRateCents: number;
  parts: ForecastPart[];
  actualCents: number | null;
  errorCents: number | null;
  absErrorPct: number | null;
}

/**
 * Stores each forecast as its scope's forecast of the day (UTC), replacing one stored earlier that
 * day: one bulk write, safe to repeat (every running instance's daily job writes the same keys).
 */
export async function recordForecasts(forecasts: readonly Forecast[], via: 'daily' | 'message'): Promise<void> {
  if (!forecasts.length) return;
  const writes = forecasts.map((f) => {
    const day = f.asOf.toISOString().slice(0, 10);
    const key = scopeKey(f.scope);
    return {
      updateOne: {
        filter: { _id: `${f.period}:${day}:${key}` },
        // Every field set: the day's later forecast replaces the earlier one whole.
        update: {
          $set: {
            period: f.period,
            day,
            scopeKey: key,
            scope: { kind: f.scope.kind, id: scopeId(f.scope) },
            label: f.label,
            asOf: f.asOf,
            monthToDateCents: f.monthToDateCents,
            restCents: f.restCents,
            totalCents: f.totalCents,
            dailyRateCents: f.dailyRateCents,
            parts: f.parts,
            via,
            actualCents: null,
            errorCents: null,
            absErrorPct: null,
          },
        },
        upsert: true,
      },
    };
  });
  // The parts are plain objects; mongoose's types want its own document arrays for a replacement.
  await ForecastSnapshot.bulkWrite(writes as never, { ordered: false });
}

/** A month's stored forecasts, day by day (of one scope when given), earliest first. */
export async function forecastSnapshots(period: string, scope?: ForecastScope): Promise<ForecastSnapshotView[]> {
  const filter = scope ? { period, scopeKey: scopeKey(scope) } : { period };
  return ForecastSnapshot.find(filter, { _id: 0, via: 0, scope: 0 })
    .sort({ scopeKey: 1, day: 1 })
    .lean<ForecastSnapshotView[]>();
}

/** The teams' and tenants' forecasts of the latest day stored for a month (the Home tab reads these, not DO). */
export async function latestForecasts(
  period: string,
): Promise<{ day: string; teams: ForecastSnapshotView[]; tenants: ForecastSnapshotView[] } | null> {
  const latest = await ForecastSnapshot.findOne({ period }, { day: 1 }).sort({ day: -1 }).lean<{ day: string }>();
  if (!latest) return null;
  const all = await ForecastSnapshot.find(
    { period, day: latest.day, 'scope.kind': { $in: ['account', 'tenant'] } },
    { _id: 0, via: 0 },
  )
    .sort({ totalCents: -1, label: 1 })
    .lean<(ForecastSnapshotView & { scope: { kind: string } })[]>();
  return {
    day: latest.day,
    teams: all.filter((s) => s.scope.kind === 'account'),
    tenants: all.filter((s) => s.scope.kind === 'tenant'),
  };
}
