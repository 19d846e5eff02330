import type { Worker } from 'bullmq';
import { requireSettings, type Config } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { syncQueue } from '../../jobs/queues.js';
import { createSyncWorker, type SyncWorkerDeps } from '../../jobs/sync-worker.js';
import { startScheduler, type Scheduler } from '../../jobs/schedule.js';
import { createInvoiceWorker } from '../../jobs/invoice-worker.js';
import { createProvisionWorker } from '../../jobs/provision-worker.js';
import type { SagaObserver } from '../saga/engine.js';
import { SlackOutbox } from '../slack/outbox.js';
import { sagaSlackObserver } from '../slack/saga-progress.js';

export interface WorkerCommandOptions {
  /** Also run the cron schedule (safe with several instances: job ids come from the tick). */
  schedule?: boolean;
  /** How long SIGTERM waits for running jobs before releasing them. */
  shutdownTimeoutMs?: number;
  /** Run on a runtime the caller opened (and will close), e.g. `arcadia start` sharing it with the Slack app. */
  runtime?: Runtime;
  /** The sync worker's hooks (stale alerts, replies to whoever asked for a sync). */
  syncHooks?: Pick<SyncWorkerDeps, 'afterRun' | 'afterFailure'>;
  /** Hears each saga's progress (Slack thread updates and alerts under `arcadia start`). */
  sagaObserver?: SagaObserver;
  /** Run the invoice_ingest worker here. `arcadia start` runs its own, with Slack thread replies. @defaultValue true */
  invoiceWorker?: boolean;
}

export interface RunningWorkers {
  runtime: Runtime;
  workers: Worker[];
  scheduler: Scheduler | undefined;
  /** Stops gracefully: 'finished' when running jobs completed, 'released' when the timeout left them to other workers. */
  stop(): Promise<'finished' | 'released'>;
}

/** Starts every worker (and the scheduler), and returns a handle whose `stop` shuts them down gracefully. */
export async function startWorkers(config: Config, options: WorkerCommandOptions = {}): Promise<RunningWorkers> {
  requireSettings(config, ['DIGITALOCEAN_TOKEN']);
  const runtime = options.runtime ?? (await openRuntime(config));
  const queue = syncQueue(runtime.queue);
  const workers: Worker[] = [createSyncWorker({ queue: runtime.queue, config, client: runtime.doClient!, log: runtime.log, ...options.syncHooks })];
  // A saga may be driven by any worker process: one without the Slack app still queues its progress
  // and leftover alerts on the shared outbox, which `arcadia start` delivers.
  const outbox = !options.sagaObserver && config.SLACK_BOT_TOKEN
    ? new SlackOutbox({ queue: runtime.queue, redis: runtime.redis, log: runtime.log, attempts: config.ARCADIA_SLACK_ATTEMPTS, retryDelayMs: config.ARCADIA_SLACK_RETRY_DELAY_MS })
    : undefined;
  const sagaObserver = options.sagaObserver ?? (outbox ? sagaSlackObserver({ config, outbox, log: runtime.log }) : undefined);
  workers.push(createProvisionWorker({ queue: runtime.queue, config, client: runtime.doClient!, log: runtime.log, syncQueue: queue, observer: sagaObserver }));
  if (options.invoiceWorker !== false) workers.push(createInvoiceWorker({ queue: runtime.queue, client: runtime.doClient, log: runtime.log, lockDurationMs: config.ARCADIA_JOB_LOCK_MS, replaceGuardRatio: config.ARCADIA_INVOICE_REPLACE_GUARD_RATIO }));
  const scheduler = options.schedule === false ? undefined : startScheduler(queue, config, runtime.log);
  runtime.log.info({ queues: workers.map((w) => w.name), schedule: Boolean(scheduler) }, 'workers started');

  return {
    runtime,
    workers,
    scheduler,
    async stop() {
      scheduler?.stop();
      const timeout = options.shutdownTimeoutMs ?? config.ARCADIA_SHUTDOWN_TIMEOUT_MS;
      // Let running jobs finish; past the timeout, close anyway: BullMQ's stalled-job check hands
      // an unfinished job to another worker, and the engine's run id makes that retry exact.
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeout).unref());
      if ((await Promise.race([graceful.then(() => 'done' as const), timer])) === 'timeout') {
        // BullMQ's close() cannot be hurried once begun, and a job still running would keep using
        // the connections: leave them open for the caller's exit. The job's lock, no longer
        // renewed, expires and another worker picks the job up.
        runtime.log.warn({ timeoutMs: timeout }, 'jobs still running at shutdown; releasing them');
        return 'released';
      }
      await queue.close();
      await outbox?.close();
      if (!options.runtime) await runtime.close();
      return 'finished';
    },
  };
}

/** `arcadia worker`: run until SIGTERM or SIGINT, then stop gracefully. */
export async function workerCommand(options: WorkerCommandOptions, config: Config): Promise<number> {
  const running = await startWorkers(config, options);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      running.runtime.log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  await running.stop();
  // A released job may still have a DO request in flight; it must not hold the process open
  // past the shutdown bound (its work is redone by whichever worker picks the job up).
  process.exit(0);
}
