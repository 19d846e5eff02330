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
export async function enqueueTick(queue: Queue<JobPayloads['sync']>, kinds: ResourceKind[], tick: Date, config: Config): Promise<string[]> {
  const runs = await requestSync({ kinds, jobId: (kind, account) => tickJobId(kind, tick, account) }, { queue, config });
  return runs.map((r) => String(r.job.id));
}

export interface Scheduler {
  stop(): void;
}

/**
 * node-cron in UTC: most kinds every 15 minutes, slow-changing ones (snapshots) hourly at :33, and,
 * given the provision queue, stranded sagas re-driven (ARCADIA_SAGA_REDRIVE_SCHEDULE).
 */
export function startScheduler(queue: Queue<JobPayloads['sync']>, config: Config, log: Logger, provision?: Queue<ProvisionJob>): Scheduler {
  const plans: [string, ResourceKind[]][] = [
    [config.ARCADIA_SYNC_SCHEDULE, kindsOnSchedule('default')],
    [config.ARCADIA_SNAPSHOT_SCHEDULE, kindsOnSchedule('hourly')],
  ];
  const tasks = plans
    .filter(([, kinds]) => kinds.length > 0)
    .map(([expression, kinds]) => {
      return cron.schedule(
        expression,
        async () => {
          const tick = new Date();
          tick.setUTCSeconds(0, 0);
          try {
            await enqueueTick(queue, kinds, tick, config);
            log.info({ kinds, tick }, 'scheduled syncs enqueued');
          } catch (err) {
            log.error({ err, kinds }, 'could not enqueue scheduled syncs');
          }
        },
        { timezone: 'UTC' },
      );
    });
  if (provision) {
    const redrive = () => void redriveSagas(provision, log).catch((err: unknown) => log.error({ err }, 'could not re-drive stranded sagas'));
    tasks.push(cron.schedule(config.ARCADIA_SAGA_REDRIVE_SCHEDULE, redrive, { timezone: 'UTC' }));
  }
  return {
    stop() {
      for (const t of tasks) void t.stop();
    },
  };
}
