import cron from 'node-cron';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import { KIND_SPECS } from '../src/sync/kinds/index.js';
import type { ResourceKind } from '../models/resource.js';
import { syncSubject } from './enqueue-sync.js';
import { requestSync } from '../src/sync/request-sync.js';
import type { JobPayloads, ProvisionJob } from './queues.js';
import { redriveSagas } from './redrive-sagas.js';

/** The job id of a kind's sync for one schedule tick: the same in every running instance. */
export function tickJobId(kind: string, tick: Date, account?: string): string {
  const minute = tick.toISOString().slice(0, 16).replace(/[-:]/g, '');
  return `sync-${syncSubject(kind, account)}-tick-${minute}`;
}

export function kindsOnSchedule(schedule: 'default' | 'hourly'): ResourceKind[] {
  return KIND_SPECS.filter((s) => (s.schedule ?? 'default') === schedule).map((s) => s.kind);
}

/**
 * Enqueues one tick's syncs, for every configured DO team. Safe to call from several instances for
 * the same tick.
 */
export async function enqueueTick(
  queue: Queue<JobPayloads['sync']>,
  kinds: ResourceKind[],
  tick: Date,
  config: Config,
): Promise<string[]> {
  const runs = await requestSync(
    { kinds, jobId: (kind, account) => tickJobId(kind, tick, account) },
    { queue, config },
  );
  return runs.map((r) => String(r.job.id));
}

/**
 * Every cron schedule Arcadia runs, each read from its setting (node-cron, UTC). The worker runs the
 * queue ones (syncs, saga re-drives), the Slack side the ones that post; both start them here.
 */
export const SCHEDULES = {
  /** Most kinds, every 15 minutes. */
  sync: 'ARCADIA_SYNC_SCHEDULE',
  /** Slow-changing kinds (snapshots), hourly at :33. */
  snapshots: 'ARCADIA_SNAPSHOT_SCHEDULE',
  /** Sagas left running, compensating or deprovisioning with no live job, queued again. */
  sagaRedrive: 'ARCADIA_SAGA_REDRIVE_SCHEDULE',
  /** Last month's summary, once DO has closed the month's invoice (the 2nd, 09:00). */
  monthlySummary: 'ARCADIA_MONTHLY_SUMMARY_CRON',
  /** The weekly waste digest (Mondays 09:00). */
  wasteDigest: 'ARCADIA_WASTE_DIGEST_CRON',
  /** The daily drift check of DO's month-to-date invoice against the inventory. */
  driftCheck: 'ARCADIA_DRIFT_CHECK_CRON',
  /** The daily anomaly check: Billing Insights read, each SKU judged against its baseline, one digest. */
  anomalyCheck: 'ARCADIA_ANOMALY_CRON',
  /** Every team's, tenant's and project's month-end forecast, stored as the day's snapshot. */
  forecast: 'ARCADIA_FORECAST_CRON',
  /** Every budget against its forecast (also after each daily forecast). */
  budgetCheck: 'ARCADIA_BUDGET_CHECK_CRON',
} as const satisfies Record<string, keyof Config>;

export type ScheduleName = keyof typeof SCHEDULES;

export interface Scheduler {
  stop(): void;
}

/**
 * Runs each given task on its schedule's expression. A task that throws is logged; the next tick
 * runs it again.
 */
export function startSchedules(
  config: Config,
  log: Logger,
  tasks: Partial<Record<ScheduleName, () => Promise<unknown>>>,
): Scheduler {
  const started = Object.entries(tasks).flatMap(([name, task]) =>
    task === undefined
      ? []
      : [
          cron.schedule(
            config[SCHEDULES[name as ScheduleName]],
            () => void task().catch((err: unknown) => log.error({ err, schedule: name }, 'scheduled task failed')),
            { timezone: 'UTC' },
          ),
        ],
  );
  return {
    stop() {
      for (const t of started) void t.stop();
    },
  };
}

/**
 * The worker's schedules: most kinds every 15 minutes, slow-changing ones (snapshots) hourly at :33,
 * and, given the provision queue, stranded sagas re-driven.
 */
export function startScheduler(
  queue: Queue<JobPayloads['sync']>,
  config: Config,
  log: Logger,
  provision?: Queue<ProvisionJob>,
): Scheduler {
  const syncs = (kinds: ResourceKind[]) => async () => {
    const tick = new Date();
    tick.setUTCSeconds(0, 0);
    try {
      await enqueueTick(queue, kinds, tick, config);
      log.info({ kinds, tick }, 'scheduled syncs enqueued');
    } catch (err) {
      log.error({ err, kinds }, 'could not enqueue scheduled syncs');
    }
  };
  const tasks: Partial<Record<ScheduleName, () => Promise<unknown>>> = {};
  const plans: [ScheduleName, ResourceKind[]][] = [
    ['sync', kindsOnSchedule('default')],
    ['snapshots', kindsOnSchedule('hourly')],
  ];
  for (const [name, kinds] of plans) if (kinds.length > 0) tasks[name] = syncs(kinds);
  if (provision) {
    tasks.sagaRedrive = () =>
      redriveSagas(provision, log).catch((err: unknown) => log.error({ err }, 'could not re-drive stranded sagas'));
  }
  return startSchedules(config, log, tasks);
}
