import type { Worker } from 'bullmq';
import type { Runtime } from '../runtime.js';
import { closeQueue, invoiceQueue, provisionQueue, syncQueue } from '../../jobs/queues.js';
import type { ProvisionObserver } from '../../jobs/provision-worker.js';
import { createInvoiceWorker } from '../../jobs/invoice-worker.js';
import { startSchedules } from '../../jobs/schedule.js';
import { AccessPolicy } from './access.js';
import { createSlackApp, type HealthPaths, type SlackApp } from './app.js';
import { invoicePort, type InvoicePort } from './invoice-port.js';
import { invoiceReplyHooks } from './invoice-replies.js';
import { recordDailyForecasts } from '../../jobs/record-forecasts.js';
import { checkBudgetsNow, postBudgetAlerts, type BudgetAlertDeps } from './budget-alerts.js';
import { recordForecastAccuracy } from '../forecast/forecast-accuracy.js';
import { postMonthlySummary, type MonthlySummaryDeps } from './monthly-summary.js';
import { runDriftCheck, type DriftCheckDeps } from './drift-alerts.js';
import { runAnomalyCheck, type AnomalyCheckDeps } from './anomaly-check.js';
import { approvalRequestRecorder, APPROVAL_REQUEST_RECORDER } from './approval-request.js';
import { runtimeOutbox, type SlackOutbox } from '../outbox/producer.js';
import { createOutboxWorker } from './outbox/worker.js';
import { buildCommandFile } from './command-files.js';
import { CommandRateLimit } from './command-rate-limit.js';
import { mongoInventoryQueries, type InventoryQueries } from './queries.js';
import { sagaSlackObserver } from './saga-progress.js';
import { syncAlertHooks } from './sync-alerts.js';
import { SyncReplies } from './sync-replies.js';
import { slackWebClient } from './web-client.js';
import { postWasteDigest, type WasteDigestDeps } from './waste-digest.js';
import { HomePublisher } from './home/home-publisher.js';

export interface SlackServiceOptions {
  /** Replace the inventory reads (tests hold one back to prove the ack does not wait for it). */
  queries?: InventoryQueries;
  invoices?: InvoicePort;
  /** Run the finance schedules in this process: the monthly summary and the daily drift check. @defaultValue true */
  monthlySchedule?: boolean;
  /** Spacing of messages per channel. @defaultValue 1000 */
  perChannelIntervalMs?: number;
  now?: () => Date;
  /** Answers the health paths on the Slack port in HTTP mode (src/cli/health.ts: /healthz, /readyz, /metrics). */
  health?: HealthPaths;
}

/**
 * The receiving half: the Bolt app and what its listeners need to answer at once (inventory reads,
 * producers for the sync, invoice and outbox queues, the Home tab on open). It runs no worker, so
 * nothing but Slack requests competes for its event loop.
 */
export interface SlackReceiver {
  slack: SlackApp;
  outbox: SlackOutbox;
  home: HomePublisher;
  stop(): Promise<void>;
}

/**
 * The working half, beside the queue workers: the hooks the sync worker calls (stale alerts, replies
 * to whoever asked, the Home tab refresh), the provision worker's saga observer (progress in the
 * approval message's thread, leftovers to the alerts channel), the invoice worker with its thread replies, the outbox's
 * delivery worker, and the monthly summary's and waste digest's schedules. Everything it says to
 * Slack goes through the outbox (a queue) or Redis-held state, so it works in any process.
 */
export interface SlackWorkerSide {
  outbox: SlackOutbox;
  syncHooks: ReturnType<typeof syncAlertHooks>;
  sagaObserver: ProvisionObserver;
  home: HomePublisher;
  monthly: MonthlySummaryDeps;
  wasteDigest: WasteDigestDeps;
  /** The daily drift check's dependencies (tests run it directly). */
  drift: DriftCheckDeps;
  /** The daily anomaly check's dependencies (tests and the demo run it directly). */
  anomalies: AnomalyCheckDeps;
  /** The budget check's dependencies (the demo runs it directly). */
  budgets: BudgetAlertDeps;
  workers: Worker[];
  /** Stops the schedules and workers; the outbox's worker closes once `othersClosed` resolves, so the other workers' last messages still go out. */
  stop(othersClosed?: Promise<unknown>): Promise<void>;
}

/** Both halves in one process (the tests, the demo, the benchmarks' in-process runs). */
export interface SlackService extends SlackReceiver, Omit<SlackWorkerSide, 'stop'> {
  stop(): Promise<void>;
}

function newHome(runtime: Runtime, options: SlackServiceOptions): HomePublisher {
  // Its visitor list and refresh throttle live in Redis, so both halves may hold one.
  return new HomePublisher({
    client: slackWebClient(runtime.config),
    doClient: runtime.accounts,
    access: new AccessPolicy(runtime.config),
    redis: runtime.redis,
    prefix: runtime.queue.prefix,
    log: runtime.log,
    now: options.now,
  });
}

export function createSlackReceiver(runtime: Runtime, options: SlackServiceOptions = {}): SlackReceiver {
  const { config, log } = runtime;
  const prefix = runtime.queue.prefix;
  const outbox = runtimeOutbox(runtime, options);
  const home = newHome(runtime, options);
  const ingestQueue = invoiceQueue(runtime.queue);
  const sync = syncQueue(runtime.queue);
  const provisioning = provisionQueue(runtime.queue);
  const slack = createSlackApp(config, {
    config,
    access: new AccessPolicy(config),
    queries: options.queries ?? mongoInventoryQueries,
    invoices: options.invoices ?? invoicePort(runtime.accounts),
    syncQueue: sync,
    syncReplies: new SyncReplies(runtime.redis, prefix, outbox),
    outbox,
    rateLimit: new CommandRateLimit(runtime.redis, prefix, config.ARCADIA_COMMAND_RATE_LIMIT),
    provision: { accounts: runtime.accounts, queue: provisioning },
    log,
    now: options.now ?? (() => new Date()),
    redis: runtime.redis,
    prefix,
    invoiceQueue: ingestQueue,
    home,
    health: options.health,
  });
  return {
    slack,
    outbox,
    home,
    async stop() {
      await slack.stop();
      await Promise.all([outbox.close(), closeQueue(ingestQueue), closeQueue(sync), closeQueue(provisioning)]);
    },
  };
}

export function createSlackWorkerSide(runtime: Runtime, options: SlackServiceOptions = {}): SlackWorkerSide {
  const { config, log } = runtime;
  const prefix = runtime.queue.prefix;
  const outbox = runtimeOutbox(runtime, options);
  const home = newHome(runtime, options);
  const invoices = options.invoices ?? invoicePort(runtime.accounts);
  const invoiceHooks = invoiceReplyHooks(outbox, log);
  const outboxWorker = createOutboxWorker({
    queue: runtime.queue,
    client: slackWebClient(config),
    log,
    recorders: { [APPROVAL_REQUEST_RECORDER]: approvalRequestRecorder({ redis: runtime.redis, prefix, outbox }) },
    buildFile: (file) =>
      buildCommandFile(file, {
        config,
        queries: options.queries ?? mongoInventoryQueries,
        invoices,
        now: options.now ?? (() => new Date()),
      }),
  });
  const invoiceWorker = createInvoiceWorker({
    queue: runtime.queue,
    client: runtime.accounts,
    log,
    // A month's invoice stored: its daily forecasts are judged against it (a failure leaves the ingest as it is).
    afterIngest: async (report, job) => {
      await invoiceHooks.afterIngest(report, job);
      await recordForecastAccuracy(report.invoice.period, config).catch((err: unknown) =>
        log.error({ err, period: report.invoice.period }, 'forecast accuracy not recorded'),
      );
    },
    lockDurationMs: config.ARCADIA_JOB_LOCK_MS,
    replaceGuardRatio: config.ARCADIA_INVOICE_REPLACE_GUARD_RATIO,
  });
  invoiceHooks.watch(invoiceWorker);

  const monthly: MonthlySummaryDeps = { config, invoices, outbox, redis: runtime.redis, prefix, log };
  const wasteDigest: WasteDigestDeps = { config, outbox, redis: runtime.redis, prefix, log };
  const replies = new SyncReplies(runtime.redis, prefix, outbox);
  const drift: DriftCheckDeps = { config, invoices, outbox, redis: runtime.redis, prefix, log };
  const anomalies: AnomalyCheckDeps = { config, accounts: runtime.accounts, outbox, redis: runtime.redis, prefix, log };
  const accounts = runtime.accounts;
  const budgets = { config, outbox, redis: runtime.redis, prefix, log } satisfies BudgetAlertDeps;
  // The weekly digest, the daily drift check, the daily forecasts and the daily anomaly check run where the monthly summary does.
  const schedule =
    options.monthlySchedule === false
      ? undefined
      : startSchedules(config, log, {
          monthlySummary: () => postMonthlySummary(monthly),
          wasteDigest: () => postWasteDigest(wasteDigest),
          driftCheck: () => runDriftCheck(drift),
          anomalyCheck: () => runAnomalyCheck(anomalies),
          // Budgets are checked on the day's forecasts as soon as they are stored, and on their own schedule.
          forecast: accounts
            ? async () => {
                const forecasts = await recordDailyForecasts({ config, accounts, redis: runtime.redis, prefix, log });
                if (forecasts) await postBudgetAlerts(budgets, forecasts);
              }
            : undefined,
          budgetCheck: accounts ? () => checkBudgetsNow(budgets, accounts) : undefined,
        });

  return {
    outbox,
    syncHooks: withHomeRefresh(syncAlertHooks({ config, outbox, replies, log }), home),
    sagaObserver: sagaSlackObserver({ config, outbox, log }),
    home,
    monthly,
    wasteDigest,
    drift,
    anomalies,
    budgets,
    workers: [outboxWorker, invoiceWorker],
    async stop(othersClosed) {
      schedule?.stop();
      await Promise.all([invoiceWorker.close(), othersClosed]);
      await outboxWorker.close();
      await outbox.close();
    },
  };
}

/** Both halves on one runtime. `arcadia start` runs them in separate processes instead. */
export function createSlackService(runtime: Runtime, options: SlackServiceOptions = {}): SlackService {
  const receiver = createSlackReceiver(runtime, options);
  const working = createSlackWorkerSide(runtime, options);
  return {
    ...working,
    ...receiver,
    async stop() {
      await receiver.stop();
      await working.stop();
    },
  };
}

/** The sync hooks, plus a Home tab refresh after every finished run (throttled by the publisher). */
function withHomeRefresh(
  hooks: ReturnType<typeof syncAlertHooks>,
  home: HomePublisher,
): ReturnType<typeof syncAlertHooks> {
  return {
    ...hooks,
    async afterRun(result, job) {
      await hooks.afterRun(result, job);
      await home.refresh();
    },
  };
}
