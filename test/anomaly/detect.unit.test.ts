import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { detectAnomalies, weeklyPattern, type OpenAnomaly, type SpendSeries } from '../../src/anomaly/detect.js';
import { addDays, daysBetween, shortDay, windows } from '../../src/anomaly/days.js';

const settings = DEFAULTS;

/** A series over `from`..`to` of `cents(day)` each day. */
function series(
  tenant: string | null,
  sku: string,
  from: string,
  to: string,
  cents: (day: string) => number,
): SpendSeries {
  return {
    key: `default|${tenant ?? ''}|${sku}`,
    account: 'default',
    tenant,
    sku,
    product: 'Droplets',
    cents: new Map(daysBetween(from, to).map((d) => [d, cents(d)])),
  };
}

const FROM = '2025-12-01';
/** Runs the detector day after day, carrying the open anomalies, as the daily job does. */
function run(all: SpendSeries[], from: string, to: string) {
  let open: OpenAnomaly[] = [];
  const log: { day: string; fresh: string[]; closed: string[]; newTenants: string[] }[] = [];
  for (const day of daysBetween(from, to)) {
    const d = detectAnomalies({ day, series: all, open, settings });
    const closed = new Set(d.closed.map((c) => c.key));
    open = [...open.filter((o) => !closed.has(o.key)), ...d.fresh.map((f) => ({ ...f }))];
    log.push({
      day,
      fresh: d.fresh.map((f) => f.key),
      closed: d.closed.map((c) => `${c.key}:${c.reason}`),
      newTenants: d.newTenants.map((n) => n.tenant),
    });
  }
  return log;
}

describe('detectAnomalies', () => {
  it('reports a step up once, on its first day, and keeps it open while it lasts', () => {
    const web = series(
      'acme',
      'DROP',
      FROM,
      '2026-02-28',
      (d) => (d >= '2026-02-20' ? 160 : 20) + (d.endsWith('5') ? 1 : 0),
    );
    const log = run([web], '2026-02-10', '2026-02-28');
    expect(log.filter((l) => l.fresh.length).map((l) => l.day)).toEqual([]);
    // 20 ¢/day to 1.60 $/day is $1.40 above: under the $2 floor, so nothing.
    const big = series('acme', 'DROP', FROM, '2026-02-28', (d) => (d >= '2026-02-20' ? 480 : 20));
    const bigLog = run([big], '2026-02-10', '2026-02-28');
    expect(bigLog.filter((l) => l.fresh.length).map((l) => l.day)).toEqual(['2026-02-20']);
    expect(bigLog.flatMap((l) => l.closed)).toEqual([]);
  });

  it('closes a spike that recovers the next day as recovered, without reporting it again', () => {
    const s = series('acme', 'BW', FROM, '2026-02-28', (d) => (d === '2026-02-14' ? 900 : 100));
    const log = run([s], '2026-02-10', '2026-02-28');
    expect(log.find((l) => l.day === '2026-02-14')!.fresh).toEqual(['default|acme|BW']);
    expect(log.find((l) => l.day === '2026-02-15')!.closed).toEqual(['default|acme|BW:recovered']);
    expect(log.flatMap((l) => l.fresh)).toHaveLength(1);
  });

  it('settles an anomaly once the baseline has caught up with the new level', () => {
    const s = series('acme', 'VOL', FROM, '2026-03-31', (d) => (d >= '2026-02-02' ? 1000 : 100));
    const log = run([s], '2026-02-01', '2026-03-31');
    expect(log.flatMap((l) => l.fresh)).toEqual(['default|acme|VOL']);
    const settled = log.find((l) => l.closed.length)!;
    expect(settled.closed).toEqual(['default|acme|VOL:settled']);
    expect(settled.day > '2026-02-15').toBe(true);
  });

  it('does not judge a new tenant until it has history, and notes it once on its first day', () => {
    const globex = series('globex', 'DROP', '2026-02-20', '2026-02-28', (d) => (d >= '2026-02-23' ? 2000 : 500));
    const log = run([globex], '2026-02-18', '2026-02-28');
    expect(log.flatMap((l) => l.fresh)).toEqual([]);
    expect(log.filter((l) => l.newTenants.length).map((l) => [l.day, l.newTenants])).toEqual([
      ['2026-02-20', ['globex']],
    ]);
    // Once it has ARCADIA_ANOMALY_MIN_HISTORY_DAYS of history, it is judged like any other.
    const later = run(
      [series('globex', 'DROP', '2026-02-01', '2026-02-28', (d) => (d >= '2026-02-23' ? 2000 : 500))],
      '2026-02-18',
      '2026-02-28',
    );
    expect(later.filter((l) => l.fresh.length).map((l) => l.day)).toEqual(['2026-02-23']);
  });

  it("does not flag a monthly-billed SKU on the month's first day, nor let it raise the baseline", () => {
    const support = series(null, 'SUPPORT', FROM, '2026-02-28', (d) => (d.endsWith('-01') ? 10_000 : 0));
    const log = run([support], '2026-01-01', '2026-02-28');
    expect(log.flatMap((l) => l.fresh)).toEqual([]);
    // The same charge on any other day is an anomaly.
    const misplaced = series(null, 'SUPPORT', FROM, '2026-02-28', (d) =>
      d.endsWith('-01') || d === '2026-02-10' ? 10_000 : 0,
    );
    expect(run([misplaced], '2026-01-01', '2026-02-28').flatMap((l) => (l.fresh.length ? [l.day] : []))).toEqual([
      '2026-02-10',
    ]);
  });

  it('reports a SKU an established tenant starts paying for (a new volume) on its first day', () => {
    const web = series('acme', 'DROP', FROM, '2026-02-28', () => 500);
    const vol = series('acme', 'VOL', '2026-02-25', '2026-02-28', () => 400);
    const log = run([web, vol], '2026-02-20', '2026-02-28');
    expect(log.filter((l) => l.fresh.length).map((l) => [l.day, l.fresh])).toEqual([
      ['2026-02-25', ['default|acme|VOL']],
    ]);
  });

  it('judges a series with a weekly rhythm against its own weekday', () => {
    // Weekdays $10, weekends $2: a Saturday at $9 is unusual for a Saturday.
    const rhythm = (d: string) => ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) ? 200 : 1000);
    const s = series(null, 'BW', FROM, '2026-02-28', (d) => (d === '2026-02-21' ? 900 : rhythm(d)));
    const history = daysBetween('2026-01-20', '2026-02-16').map((d) => ({ day: d, cents: rhythm(d) }));
    expect(weeklyPattern(history)).toBe(true);
    const d = detectAnomalies({ day: '2026-02-21', series: [s], open: [], settings });
    expect(d.fresh).toMatchObject([{ day: '2026-02-21', baselineCents: 200, cents: 900, weekday: true }]);
    // The same $9 on a weekday is below the weekday baseline: nothing.
    expect(detectAnomalies({ day: '2026-02-19', series: [s], open: [], settings }).fresh).toEqual([]);
  });

  it('keeps under the dollar floor and the percentage quiet', () => {
    const s = series('acme', 'DROP', FROM, '2026-02-28', (d) => (d === '2026-02-20' ? 10_150 : 10_000));
    expect(detectAnomalies({ day: '2026-02-20', series: [s], open: [], settings }).fresh).toEqual([]);
  });
});

describe('windows', () => {
  it('cuts a range into windows of at most 31 days', () => {
    const w = windows('2025-12-01', '2026-02-28', 31);
    expect(w).toEqual([
      { start: '2025-12-01', end: '2025-12-31' },
      { start: '2026-01-01', end: '2026-01-31' },
      { start: '2026-02-01', end: '2026-02-28' },
    ]);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('says a day as people do, in the digest and under the chart alike', () => {
    expect(shortDay('2026-02-27')).toBe('Feb 27');
    expect(shortDay('2026-03-01')).toBe('Mar 1');
  });
});
