import type { Config } from '../config.js';
import { addDays, dayOfMonth, weekday } from './days.js';

/** One tenant's (or the account's unattributed) daily spend on one SKU, in integer cents by `YYYY-MM-DD`. */
export interface SpendSeries {
  /** `account|tenant|sku`: what an anomaly is keyed by, so it is reported once however many days it lasts. */
  key: string;
  account: string;
  /** null: the account series, what no tenant's resource explains. */
  tenant: string | null;
  sku: string;
  /** DO's product for the SKU (its invoice group, or the product the SKU's family names). */
  product: string;
  cents: ReadonlyMap<string, number>;
}

/** An anomaly still open: reported, and not yet back within its baseline. */
export interface OpenAnomaly {
  key: string;
  day: string;
  baselineCents: number;
  thresholdCents: number;
}

export interface Anomaly {
  key: string;
  account: string;
  tenant: string | null;
  sku: string;
  product: string;
  /** Its first day, the one it is reported on. */
  day: string;
  baselineCents: number;
  cents: number;
  /** How far above the baseline a day had to be: the largest of the floor, the percentage and the MAD bound. */
  thresholdCents: number;
  /** The baseline was that weekday's own (the series spends by weekday). */
  weekday: boolean;
}

/** Why an open anomaly closed: back within its baseline (`recovered`), or the baseline caught up with it (`settled`). */
export interface Closed {
  key: string;
  reason: 'recovered' | 'settled';
}

/** A tenant on its first day of spend: noted, not judged, until it has history. */
export interface NewTenant {
  account: string;
  tenant: string;
  cents: number;
}

export type AnomalySettings = Pick<
  Config,
  | 'ARCADIA_ANOMALY_MIN_USD_PER_DAY'
  | 'ARCADIA_ANOMALY_MIN_PCT'
  | 'ARCADIA_ANOMALY_MAD_K'
  | 'ARCADIA_ANOMALY_BASELINE_DAYS'
  | 'ARCADIA_ANOMALY_MIN_HISTORY_DAYS'
>;

export interface Detection {
  fresh: Anomaly[];
  closed: Closed[];
  newTenants: NewTenant[];
}

/** The factor that makes a MAD comparable to a standard deviation for normally distributed noise. */
const MAD_SCALE = 1.4826;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mad(values: readonly number[], centre = median(values)): number {
  return median(values.map((v) => Math.abs(v - centre)));
}

/**
 * The days a series shows a weekly rhythm: with three weeks of history, the spread of its weekday
 * medians is more than twice its overall MAD and a fifth of its median (weekday traffic, weekend
 * batch jobs). A flat series is judged against all its days.
 */
export function weeklyPattern(history: readonly { day: string; cents: number }[]): boolean {
  if (history.length < 21) return false;
  const all = history.map((h) => h.cents);
  const centre = median(all);
  const byWeekday = Array.from({ length: 7 }, (_, d) =>
    median(history.filter((h) => weekday(h.day) === d).map((h) => h.cents)),
  );
  const spread = Math.max(...byWeekday) - Math.min(...byWeekday);
  return spread > 2 * mad(all, centre) && spread > centre / 5;
}

interface Judgement {
  baselineCents: number;
  thresholdCents: number;
  weekday: boolean;
}

/**
 * A series' baseline for `day` and how far above it counts. On the 1st of a month, where
 * monthly-billed SKUs land, the day must stand out against earlier 1sts as well as against the
 * ordinary days (null without an earlier 1st: not judged); on other days the 1sts are left out of
 * the baseline, so a monthly charge never raises it.
 */
export function baselineFor(
  series: SpendSeries,
  day: string,
  settings: AnomalySettings,
  since: string,
): Judgement | null {
  const ordinary: { day: string; cents: number }[] = [];
  for (let back = 1; back <= settings.ARCADIA_ANOMALY_BASELINE_DAYS; back++) {
    const d = addDays(day, -back);
    if (d < since) break;
    if (dayOfMonth(d) !== 1) ordinary.push({ day: d, cents: series.cents.get(d) ?? 0 });
  }
  const judged = judge(ordinary, day, settings);
  if (dayOfMonth(day) !== 1) return judged;
  const firsts: { day: string; cents: number }[] = [];
  for (let back = 1; back <= 3; back++) {
    const earlier = addMonthsFirst(day, -back);
    if (earlier >= since) firsts.push({ day: earlier, cents: series.cents.get(earlier) ?? 0 });
  }
  if (firsts.length === 0) return null;
  const onFirsts = judge(firsts, day, settings);
  return onFirsts.baselineCents + onFirsts.thresholdCents > judged.baselineCents + judged.thresholdCents
    ? onFirsts
    : judged;
}

function judge(history: { day: string; cents: number }[], day: string, settings: AnomalySettings): Judgement {
  const byWeekday = weeklyPattern(history);
  const values = (byWeekday ? history.filter((h) => weekday(h.day) === weekday(day)) : history).map((h) => h.cents);
  const baseline = Math.round(median(values));
  const spread = mad(values, baseline) * MAD_SCALE * settings.ARCADIA_ANOMALY_MAD_K;
  const threshold = Math.max(
    Math.round(settings.ARCADIA_ANOMALY_MIN_USD_PER_DAY * 100),
    Math.round((baseline * settings.ARCADIA_ANOMALY_MIN_PCT) / 100),
    Math.round(spread),
    // A day must be above its baseline by a cent at least, even with every setting at 0.
    1,
  );
  return { baselineCents: baseline, thresholdCents: threshold, weekday: byWeekday };
}

function addMonthsFirst(day: string, months: number): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/**
 * Judges `day` for every series. A day above its baseline by the threshold is an anomaly on its
 * first day only: a series with one open keeps it open while it stays high, and closes it (no
 * message of its own) once a day is back within the open anomaly's own baseline, or once the
 * baseline has caught up with the new level. A tenant whose first spend is under
 * ARCADIA_ANOMALY_MIN_HISTORY_DAYS old has no baseline: it is never anomalous, and is noted as new
 * on its first day. The account series (tenant null) is judged from the account's first day.
 */
export function detectAnomalies(input: {
  day: string;
  series: readonly SpendSeries[];
  open: readonly OpenAnomaly[];
  settings: AnomalySettings;
}): Detection {
  const { day, settings } = input;
  const open = new Map(input.open.map((o) => [o.key, o]));
  const firstDay = new Map<string, string>();
  for (const s of input.series) {
    const owner = `${s.account}|${s.tenant ?? ''}`;
    for (const [d, cents] of s.cents) {
      if (cents <= 0 || d > day) continue;
      const known = firstDay.get(owner);
      if (known === undefined || d < known) firstDay.set(owner, d);
    }
  }

  const fresh: Anomaly[] = [];
  const closed: Closed[] = [];
  const newTenants = new Map<string, NewTenant>();
  for (const s of input.series) {
    const owner = `${s.account}|${s.tenant ?? ''}`;
    const since = firstDay.get(owner);
    const cents = s.cents.get(day) ?? 0;
    if (since === undefined) continue;
    if (s.tenant !== null && since > addDays(day, -settings.ARCADIA_ANOMALY_MIN_HISTORY_DAYS)) {
      if (since === day) {
        const noted = newTenants.get(owner) ?? { account: s.account, tenant: s.tenant, cents: 0 };
        noted.cents += cents;
        newTenants.set(owner, noted);
      }
      continue;
    }
    const judged = baselineFor(s, day, settings, since);
    const already = open.get(s.key);
    if (already) {
      if (cents < already.baselineCents + already.thresholdCents) closed.push({ key: s.key, reason: 'recovered' });
      else if (judged && cents < judged.baselineCents + judged.thresholdCents)
        closed.push({ key: s.key, reason: 'settled' });
      continue;
    }
    if (!judged || cents < judged.baselineCents + judged.thresholdCents) continue;
    fresh.push({
      key: s.key,
      account: s.account,
      tenant: s.tenant,
      sku: s.sku,
      product: s.product,
      day,
      cents,
      baselineCents: judged.baselineCents,
      thresholdCents: judged.thresholdCents,
      weekday: judged.weekday,
    });
  }
  fresh.sort((a, b) => b.cents - b.baselineCents - (a.cents - a.baselineCents) || a.key.localeCompare(b.key));
  return { fresh, closed, newTenants: [...newTenants.values()] };
}
