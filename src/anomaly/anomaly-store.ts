import { Anomaly, type AnomalyDecision, type AnomalyDoc } from '../../models/anomaly.js';
import { AnomalyJudged } from '../../models/anomaly-judged.js';
import { ErrorCode, UsageError } from '../errors.js';
import { addDays, dayOf } from './days.js';
import {
  detectAnomalies,
  type Anomaly as DetectedAnomaly,
  type AnomalySettings,
  type NewTenant,
  type SpendSeries,
} from './detect.js';
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
  /** The latest day judged (of any team); null when nothing new was judged. */
  day: string | null;
  /** Each team's days judged, oldest first: the days with spend stored after the last one judged. */
  judged: { account: string; days: string[] }[];
  /** New on those days and not snoozed, the largest jump first: what the digest reports. */
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
 * Judges, per team, each day stored after the last one judged (src/anomaly/detect.ts), in order and
 * carrying open anomalies from one day to the next; a team never judged yet has its latest day
 * judged. Only days the team has spend on count: DO publishes each team on its own schedule, and a
 * day it has not served yet is no recovery. Records the result: each new anomaly once (its id is
 * the series and the day, so judging a day again records nothing new and answers the same, which
 * the digest's outbox id then sends once), with what the inventory says explains it; an anomaly of
 * a series snoozed past its day is recorded as snoozed and left out of `fresh`; open ones back
 * within their baseline are closed. The days count as judged once `markJudged` says so.
 */
export async function recordAnomalies(
  settings: AnomalySettings,
  now: Date = new Date(),
  accounts?: readonly string[],
): Promise<AnomalyRun> {
  const yesterday = addDays(dayOf(now), -1);
  const last = new Map((await AnomalyJudged.find().lean()).map((j) => [j._id, j.day]));
  const earliest = [...last.values()].reduce((min, d) => (d < min ? d : min), yesterday);
  const all = await loadSeries(addDays(earliest, -LOOKBACK_DAYS), yesterday);
  const names = accounts ?? [...new Set(all.map((s) => s.account))];
  const run: AnomalyRun = { day: null, judged: [], fresh: [], newTenants: [], closed: 0, snoozed: 0 };
  for (const account of names) {
    const series = all.filter((s) => s.account === account);
    const served = servedDays(series);
    const since = last.get(account);
    const days = since === undefined ? served.slice(-1) : served.filter((d) => d > since);
    if (days.length === 0) continue;
    run.judged.push({ account, days });
    if (run.day === null || days.at(-1)! > run.day) run.day = days.at(-1)!;
    // Open before the first day judged: also those a failed earlier try of these days closed already.
    let open = await Anomaly.find({
      account,
      day: { $lt: days[0] },
      $or: [{ status: 'open' }, { closedDay: { $gte: days[0] } }],
    }).lean<StoredAnomaly[]>();
    for (const day of days) {
      const detection = detectAnomalies({ day, series, open, settings });
      for (const c of detection.closed) {
        await Anomaly.updateMany(
          { key: c.key, status: 'open', day: { $lt: day } },
          { $set: { status: 'closed', closedDay: day, closedReason: c.reason } },
        );
      }
      const closed = new Set(detection.closed.map((c) => c.key));
      const recorded = await Promise.all(detection.fresh.map((a) => recordOne(a, now)));
      open = [...open.filter((o) => !closed.has(o.key)), ...recorded];
      for (const stored of recorded) {
        if (stored.decision === 'snoozed') run.snoozed++;
        else run.fresh.push(stored);
      }
      run.newTenants.push(...detection.newTenants);
      run.closed += detection.closed.length;
    }
  }
  run.fresh.sort(byJump);
  return run;
}

/** Remembers each team's last day judged: called once the run's digest is queued, so a failed check judges them again. */
export async function markJudged(run: AnomalyRun, at: Date = new Date()): Promise<void> {
  for (const { account, days } of run.judged)
    await AnomalyJudged.updateOne({ _id: account }, { $set: { day: days.at(-1)!, judgedAt: at } }, { upsert: true });
}

async function recordOne(a: DetectedAnomaly, now: Date): Promise<StoredAnomaly> {
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
  return read((await Anomaly.findById(id).lean<StoredAnomaly>())!);
}

/** The days a team has spend stored on, oldest first. */
function servedDays(series: readonly SpendSeries[]): string[] {
  const days = new Set<string>();
  for (const s of series) for (const d of s.cents.keys()) days.add(d);
  return [...days].sort();
}

const byJump = (a: StoredAnomaly, b: StoredAnomaly) =>
  b.cents - b.baselineCents - (a.cents - a.baselineCents) || a._id.localeCompare(b._id);

export type AnomalyChoice =
  { decision: 'expected' } | { decision: 'investigating'; assignee: string } | { decision: 'snoozed'; days?: number };

/**
 * Records what someone decided about an anomaly; the last decision stands, every one is kept in its
 * history. Investigate assigns it; Snooze keeps the series out of the digest for a week.
 */
export async function decideAnomaly(id: string, choice: AnomalyChoice, by: string, at: Date): Promise<StoredAnomaly> {
  const current = await Anomaly.findById(id).lean<StoredAnomaly>();
  if (!current) throw new AnomalyNotFoundError(id);
  // The last decision stands: Expected or Investigate after a Snooze lets the series back into the digest.
  const set: Partial<Record<keyof AnomalyDoc, unknown>> = {
    decision: choice.decision,
    decidedBy: by,
    decidedAt: at,
    snoozedUntil: null,
  };
  let detail = '';
  if (choice.decision === 'investigating') {
    set.assignee = choice.assignee;
    detail = choice.assignee;
  }
  if (choice.decision === 'snoozed') {
    // From the click, as a finding's snooze: a week of quiet from when someone asked for it.
    set.snoozedUntil = addDays(dayOf(at), choice.days ?? ANOMALY_SNOOZE_DAYS);
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
  return open.sort(byJump);
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
  // Recorded while their series was snoozed: never reported, so no share of anything.
  const all = (await Anomaly.find({}, { decision: 1, closedReason: 1, decidedBy: 1 }).lean()).filter(
    (a) => a.decidedBy !== 'snooze',
  );
  const count = (d: AnomalyDecision | null) => all.filter((a) => (a.decision ?? null) === d).length;
  return {
    reported: all.length,
    expected: count('expected'),
    investigating: count('investigating'),
    snoozed: count('snoozed'),
    undecided: count(null),
    recovered: all.filter((a) => a.closedReason === 'recovered').length,
    settled: all.filter((a) => a.closedReason === 'settled').length,
  };
}
