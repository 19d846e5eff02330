import type { Worker } from 'bullmq';
import { requireDoAccounts, requireSettings, type Config } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { provisionQueue, syncQueue } from '../../jobs/queues.js';
import { createSyncWorker, type SyncWorkerDeps } from '../../jobs/sync-worker.js';
import { createWasteWorker } from '../../jobs/waste-worker.js';
import { startScheduler, type Scheduler } from '../../jobs/schedule.js';
import { createInvoiceWorker } from '../../jobs/invoice-worker.js';
import { createProvisionWorker, type ProvisionObserver } from '../../jobs/provision-worker.js';
import { redriveSagas } from '../../jobs/redrive-sagas.js';
import { createSlackWorkerSide, type SlackWorkerSide } from '../slack/service.js';
import { runtimeOutbox } from '../outbox/producer.js';
import { sagaSlackObserver } from '../slack/saga-progress.js';
import { timeJobs } from '../metrics.js';
import { logger } from '../logger.js';
import { answerMetricsRequests, CountedQueues, Readiness, startHealthServer } from './health.js';

export interface WorkerCommandOptions {
  /** Also run the cron schedule (safe with several instances: job ids come from the tick). */
  schedule?: boolean;
  /** How long SIGTERM waits for running jobs before releasing them. */
  shutdownTimeoutMs?: number;
  /** Run on a runtime the caller opened (and will close), e.g. a test sharing it with the Slack app. */
  runtime?: Runtime;
  /** The sync worker's hooks (stale alerts, replies to whoever asked for a sync). */
  syncHooks?: Pick<SyncWorkerDeps, 'afterRun' | 'afterFailure'>;
  /** Hears each saga's progress (Slack thread updates and alerts). */
  sagaObserver?: ProvisionObserver;
  /** Run the invoice_ingest worker here. @defaultValue true */
  invoiceWorker?: boolean;
  /**
   * Also do the Slack side of the work (`arcadia worker --slack`, which `arcadia start` runs as its
   * worker process): the sync hooks, the invoice worker with thread replies, outbox delivery, and
   * the monthly summary and waste digest. Replaces `syncHooks` and `invoiceWorker`.
   */
  slack?: boolean;
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
  requireDoAccounts(config);
  if (options.slack) requireSettings(config, ['SLACK_BOT_TOKEN']);
  const runtime = options.runtime ?? (await openRuntime(config));
  const queue = syncQueue(runtime.queue);
  const slack: SlackWorkerSide | undefined = options.slack ? createSlackWorkerSide(runtime) : undefined;
  const syncHooks = slack?.syncHooks ?? options.syncHooks;
  const workers: Worker[] = [
    createSyncWorker({ queue: runtime.queue, config, client: runtime.accounts!, log: runtime.log, ...syncHooks }),
    createWasteWorker({ queue: runtime.queue, config, client: runtime.accounts!, log: runtime.log }),
  ];
  // A saga may be driven by any worker process: one without the Slack side still queues its progress
  // and leftover alerts on the shared outbox, which a worker with the Slack side delivers.
  const outbox = !slack && !options.sagaObserver && config.SLACK_BOT_TOKEN ? runtimeOutbox(runtime) : undefined;
  const sagaObserver =
    slack?.sagaObserver ??
    options.sagaObserver ??
    (outbox ? sagaSlackObserver({ config, outbox, log: runtime.log }) : undefined);
  workers.push(
    createProvisionWorker({
      queue: runtime.queue,
      config,
      client: runtime.accounts!,
      log: runtime.log,
      syncQueue: queue,
      observer: sagaObserver,
    }),
  );
  if (!slack && options.invoiceWorker !== false)
    workers.push(
      createInvoiceWorker({
        queue: runtime.queue,
        client: runtime.accounts,
        log: runtime.log,
        lockDurationMs: config.ARCADIA_JOB_LOCK_MS,
        replaceGuardRatio: config.ARCADIA_INVOICE_REPLACE_GUARD_RATIO,
      }),
    );
  const provisions = provisionQueue(runtime.queue);
  // A saga whose job was lost while no worker ran (or whose job failed for good) is queued again now, not at the next tick.
  await redriveSagas(provisions, runtime.log).catch((err: unknown) =>
    runtime.log.error({ err }, 'could not re-drive stranded sagas'),
  );
  const scheduler = options.schedule === false ? undefined : startScheduler(queue, config, runtime.log, provisions);
  for (const worker of [...workers, ...(slack?.workers ?? [])]) timeJobs(worker);
  runtime.log.info(
    { queues: [...workers, ...(slack?.workers ?? [])].map((w) => w.name), schedule: Boolean(scheduler) },
    'workers started',
  );

  return {
    runtime,
    workers: [...workers, ...(slack?.workers ?? [])],
    scheduler,
    async stop() {
      scheduler?.stop();
      const timeout = options.shutdownTimeoutMs ?? config.ARCADIA_SHUTDOWN_TIMEOUT_MS;
      // Let running jobs finish; past the timeout, close anyway: BullMQ's stalled-job check hands
      // an unfinished job to another worker, and the engine's run id makes that retry exact. The
      // Slack side's outbox closes after the others, so their last jobs' messages still go out.
      const closed = Promise.all(workers.map((w) => w.close()));
      const graceful = Promise.all([closed, slack?.stop(closed)]);
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeout).unref());
      if ((await Promise.race([graceful.then(() => 'done' as const), timer])) === 'timeout') {
        // BullMQ's close() cannot be hurried once begun, and a job still running would keep using
        // the connections: leave them open for the caller's exit. The job's lock, no longer
        // renewed, expires and another worker picks the job up.
        runtime.log.warn({ timeoutMs: timeout }, 'jobs still running at shutdown; releasing them');
        return 'released';
      }
      await queue.close();
      await provisions.close();
      await outbox?.close();
      if (!options.runtime) await runtime.close();
      return 'finished';
    },
  };
}

/**
 * Resolves on the first SIGTERM or SIGINT, or when the process that forked this one goes away.
 * Later signals are ignored rather than left to kill the process mid-shutdown: a terminal's Ctrl-C
 * or a service manager signals `arcadia start` and its worker process together.
 */
export function untilShutdown(log: Runtime['log']): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = false;
    const stop = (reason: string) => {
      if (done) return;
      done = true;
      log.info({ signal: reason }, 'shutting down');
      resolve();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    if (process.send) process.once('disconnect', () => stop('parent exited'));
  });
}

/** `arcadia worker`: run until SIGTERM or SIGINT, then stop gracefully. */
export async function workerCommand(options: WorkerCommandOptions, config: Config): Promise<number> {
  const readiness = new Readiness();
  const queues = new CountedQueues();
  // Listening before the connections open: /healthz answers while the worker starts, /readyz says what it waits for.
  const health =
    config.ARCADIA_HEALTH_PORT === undefined
      ? undefined
      : await startHealthServer(
          config.ARCADIA_HEALTH_PORT,
          config.HOST,
          { readiness, queues: () => queues.list() },
          logger(),
        );
  let running: RunningWorkers;
  try {
    running = await startWorkers(config, options);
  } catch (err) {
    await health?.close();
    throw err;
  }
  readiness.connected(running.runtime.redis);
  queues.connected(running.runtime.queue);
  // A supervising `arcadia start` learns that the workers are listening, and scrapes their metrics through it.
  process.send?.({ type: 'ready' });
  answerMetricsRequests();
  await untilShutdown(running.runtime.log);
  await health?.close();
  await queues.close();
  await running.stop();
  // A released job may still have a DO request in flight; it must not hold the process open
  // past the shutdown bound (its work is redone by whichever worker picks the job up).
  process.exit(0);
}
