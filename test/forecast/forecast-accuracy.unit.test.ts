import { describe, expect, it } from 'vitest';
import { absErrorPct, accuracyOf, meanPct } from '../../src/forecast/forecast-accuracy.js';
import type { ForecastSnapshotView } from '../../src/forecast/forecast-snapshots.js';

const snap = (scopeKey: string, day: string, totalCents: number, actualCents: number | null): ForecastSnapshotView => ({
  period: '2026-03',
  day,
  scopeKey,
  label: scopeKey.split(':')[1]!,
  asOf: new Date(`${day}T08:00:00Z`),
  monthToDateCents: 0,
  restCents: totalCents,
  totalCents,
  dailyRateCents: 0,
  parts: [],
  actualCents,
  errorCents: actualCents === null ? null : totalCents - actualCents,
  absErrorPct: actualCents === null ? null : absErrorPct(totalCents, actualCents),
});

describe('forecast accuracy arithmetic', () => {
  it('is the absolute error over the actual, one decimal, and undefined against nothing', () => {
    expect(absErrorPct(11_000, 10_000)).toBe(10);
    expect(absErrorPct(9_950, 10_000)).toBe(0.5);
    expect(absErrorPct(1, 3)).toBe(66.7);
    expect(absErrorPct(500, 0)).toBeNull();
    expect(meanPct([10, null, 0.5])).toBe(5.3);
    expect(meanPct([null])).toBeNull();
  });

  it('averages per scope over its days and per day of the month over its scopes, teams first', () => {
    const a = accuracyOf('2026-03', [
      snap('tenant:acme', '2026-03-01', 12_000, 10_000),
      snap('tenant:acme', '2026-03-15', 10_500, 10_000),
      snap('account:default', '2026-03-01', 19_000, 20_000),
      snap('account:default', '2026-03-15', 20_000, 20_000),
      // A tenant removed before the invoice came: no actual, left out.
      snap('tenant:gone', '2026-03-01', 5_000, null),
    ]);
    expect(a.scopes.map((s) => [s.scopeKey, s.meanAbsErrorPct])).toEqual([
      ['account:default', 2.5],
      ['tenant:acme', 12.5],
    ]);
    expect(a.byDayOfMonth).toEqual([
      { dayOfMonth: 1, scopes: 2, meanAbsErrorPct: 12.5 },
      { dayOfMonth: 15, scopes: 2, meanAbsErrorPct: 2.5 },
    ]);
    expect(a.meanAbsErrorPct).toBe(7.5);
  });
});
