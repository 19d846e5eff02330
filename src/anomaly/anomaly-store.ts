import { Anomaly, type AnomalyDecision, type AnomalyDoc } from '../../models/anomaly.js';
import { ErrorCode, UsageError } from '../errors.js';
import { addDays, dayOf } from './days.js';
import { detectAnomalies, type AnomalySettings, type NewTenant, type SpendSeries } from './detect.js';
import { loadSeries } from './daily-spend.js';
import { explainFromStore } from './explain.js';

/** How long Snooze keeps a series' anomalies out of the digest. */
export const ANOMALY_SNOOZE_DAYS = 7;

/** Days of spend loaded behind the judged day: the baseline window, and three months of 1sts. */
const LOOKBACK_DAYS = 100;

export type StoredAnomaly = AnomalyDoc & { _id: string };

/** A stored anomaly with its unset fields filled: a null tenant or an empty list reads back as absent from some servers. */
const read = (a: StoredAnomaly): StoredAnomaly => ({
  ...a,
  tenant: a.tenant ?? null,
  explanation: a.explanation ?? [],
});

export interface AnomalyRun {
  /** The day judged (the latest DO has served); null when nothing is stored yet. */
  day: string | null;
  /** New today and not snoozed: what the digest reports. */
  fresh: StoredAnomaly[];
  newTenants: NewTenant[];
  closed: number;
  snoozed: number;
}

export class AnomalyNotFoundError extends UsageError {
  constructor(id: string) {
    super(`No anomaly "${id}" is known; \`arcadia anomalies\` lists the open ones.`, ErrorCode.AnomalyNotFound, { id });
  }
}

/**
 * Judges the latest day stored up to yesterday (src/anomaly/detect.ts) and records the result: each new anomaly
 * once (its id is the series and the day, so a second run that day records nothing new and answers
 * the same, which the digest's outbox id then sends once), with what
 * the inventory says explains it; an anomaly of a series snoozed past that day is recorded as
 * snoozed and left out of `fresh`; open ones back within their baseline are closed.
 */
export async function recordAnomalies(settings: AnomalySettings, now: Date = new Date()): Promise<AnomalyRun> {
  // One read of the window serves both: the latest day DO has served (yesterday, or earlier when it
  // lags) and every series' history behind it.
  const yesterday = addDays(dayOf(now), -1);
  const series = await loadSeries(addDays(yesterday, -LOOKBACK_DAYS), yesterday);
  const day = latestDay(series);
  if (day === null) return { day, fresh: [], newTenants: [], closed: 0, snoozed: 0 };
  const open = await Anomaly.find({ status: 'open', day: { $lt: day } }).lean<StoredAnomaly[]>();
  const detection = detectAnomalies({ day, series, open, settings });
  for (const c of detection.closed) {
    await Anomaly.updateMany(
      { key: c.key, status: 'open', day: { $lt: day } },
      { $set: { status: 'closed', closedDay: day, closedReason: c.reason } },
    );
  }
  const fresh: StoredAnomaly[] = [];
  let snoozed = 0;
  for (const a of detection.fresh) {
    const id = `${a.key}|${a.day}`;
    const snooze = await Anomaly.findOne({ key: a.key, snoozedUntil: { $gte: a.day } }, { snoozedUntil: 1 }).lean();
    const explanation = await explainFromStore(a);
    await Anomaly.updateOne(
      { _id: id },
      {
        $setOnInsert: {
          ...a,
          explanation,
          status: 'open',
          detectedAt: now,
          ...(snooze ? { decision: 'snoozed', snoozedUntil: snooze.snoozedUntil, decidedBy: 'snooze' } : {}),
        },
      },
      { upsert: true },
    );
    const stored = read((await Anomaly.findById(id).lean<StoredAnomaly>())!);
    if (stored.decision === 'snoozed') snoozed++;
    else fresh.push(stored);
  }
  return { day, fresh, newTenants: detection.newTenants, closed: detection.closed.length, snoozed };
}

function latestDay(series: readonly SpendSeries[]): string | null {
  let latest: string | null = null;
  for (const s of series) for (const d of s.cents.keys()) if (latest === null || d > latest) latest = d;
  return latest;
}

export type AnomalyChoice =
  { decision: 'expected' } | { decision: 'investigating'; assignee: string } | { decision: 'snoozed'; days?: number };

/**
 * Records what someone decided about an anomaly; the last decision stands, every one is kept in its
 * history. Investigate assigns it; Snooze keeps the series out of the digest for a week.
 */
export async function decideAnomaly(id: string, choice: AnomalyChoice, by: string, at: Date): Promise<StoredAnomaly> {
  const current = await Anomaly.findById(id).lean<StoredAnomaly>();
  if (!current) throw new AnomalyNotFoundError(id);
  const set: Partial<Record<keyof AnomalyDoc, unknown>> = { decision: choice.decision, decidedBy: by, decidedAt: at };
  let detail = '';
  if (choice.decision === 'investigating') {
    set.assignee = choice.assignee;
    detail = choice.assignee;
  }
  if (choice.decision === 'snoozed') {
    set.snoozedUntil = addDays(current.day, choice.days ?? ANOMALY_SNOOZE_DAYS);
    detail = String(set.snoozedUntil);
  }
  const updated = await Anomaly.findByIdAndUpdate(
    id,
    { $set: set, $push: { history: { action: choice.decision, by, at, detail } } },
    { new: true },
  ).lean<StoredAnomaly>();
  return read(updated!);
}

export async function getAnomaly(id: string): Promise<StoredAnomaly> {
  const found = await Anomaly.findById(id).lean<StoredAnomaly>();
  if (!found) throw new AnomalyNotFoundError(id);
  return read(found);
}

/** Open anomalies, the largest jump first. */
export async function openAnomalies(): Promise<StoredAnomaly[]> {
  const open = (await Anomaly.find({ status: 'open' }).lean<StoredAnomaly[]>()).map(read);
  return open.sort((a, b) => b.cents - b.baselineCents - (a.cents - a.baselineCents) || a._id.localeCompare(b._id));
}

/** What people made of the anomalies reported so far: the thresholds are right when most were worth a look. */
export interface AnomalyStats {
  reported: number;
  expected: number;
  investigating: number;
  snoozed: number;
  undecided: number;
  recovered: number;
  settled: number;
}

export async function anomalyStats(): Promise<AnomalyStats> {
  const all = await Anomaly.find({}, { decision: 1, closedReason: 1, decidedBy: 1 }).lean();
  const count = (d: AnomalyDecision | null) => all.filter((a) => (a.decision ?? null) === d).length;
  return {
    reported: all.filter((a) => a.decidedBy !== 'snooze').length,
    expected: count('expected'),
    investigating: count('investigating'),
    snoozed: count('snoozed'),
    undecided: count(null),
    recovered: all.filter((a) => a.closedReason === 'recovered').length,
    settled: all.filter((a) => a.closedReason === 'settled').length,
  };
}
