import type { Worker } from 'bullmq';
import type { Runtime } from '../runtime.js';
import { invoiceQueue, provisionQueue, syncQueue } from '../../jobs/queues.js';
import type { SagaObserver } from '../saga/engine.js';
import { createInvoiceWorker } from '../../jobs/invoice-worker.js';
import { AccessPolicy } from './access.js';
import { createSlackApp, type SlackApp } from './app.js';
import { invoicePort, type InvoicePort } from './invoice-port.js';
import { invoiceReplyHooks } from './invoice-replies.js';
import { scheduleMonthlySummary, type MonthlySummaryDeps } from './monthly-summary.js';
import { scheduleDriftCheck, type DriftCheckDeps } from './drift-alerts.js';
import { createOutboxWorker, SlackOutbox } from './outbox.js';
import { mongoInventoryQueries, type InventoryQueries } from './queries.js';
import { sagaSlackObserver } from './saga-progress.js';
import { syncAlertHooks } from './sync-alerts.js';
import { SyncReplies } from './sync-replies.js';
import { slackWebClient } from './web-client.js';
import { scheduleWasteDigest, type WasteDigestDeps } from '../waste/waste-digest.js';
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
}

/**
 * Everything Slack-facing on one runtime: the Bolt app, the outbox and its worker, the invoice
 * worker with its thread replies, the sync hooks (stale alerts, sync replies) for the sync worker,
 * and the monthly summary's schedule.
 */
export interface SlackService {
  slack: SlackApp;
  outbox: SlackOutbox;
  syncHooks: ReturnType<typeof syncAlertHooks>;
  /** For the provision worker: saga progress in the approval message's thread, leftovers to the alerts channel. */
  sagaObserver: SagaObserver;
  home: HomePublisher;
  monthly: MonthlySummaryDeps;
  wasteDigest: WasteDigestDeps;
  /** The daily drift check's dependencies (tests run it directly). */
  drift: DriftCheckDeps;
  workers: Worker[];
  stop(): Promise<void>;
}

export function createSlackService(runtime: Runtime, options: SlackServiceOptions = {}): SlackService {
  const { config, log } = runtime;
  const prefix = runtime.queue.prefix;
  const outbox = new SlackOutbox({
    queue: runtime.queue,
    redis: runtime.redis,
    log,
    perChannelIntervalMs: options.perChannelIntervalMs,
    attempts: config.ARCADIA_SLACK_ATTEMPTS,
    retryDelayMs: config.ARCADIA_SLACK_RETRY_DELAY_MS,
  });
  const replies = new SyncReplies(runtime.redis, prefix, outbox);
  const invoices = options.invoices ?? invoicePort(runtime.doClient);
  const ingestQueue = invoiceQueue(runtime.queue);
  const sync = syncQueue(runtime.queue);
  const provisioning = provisionQueue(runtime.queue);
  const invoiceHooks = invoiceReplyHooks(outbox, log);

  const webClient = slackWebClient(config);
  const outboxWorker = createOutboxWorker({ queue: runtime.queue, client: webClient, log });
  const home = new HomePublisher({ client: webClient, doClient: runtime.doClient, redis: runtime.redis, prefix, log, now: options.now });
  const invoiceWorker = createInvoiceWorker({
    queue: runtime.queue,
    client: runtime.doClient,
    log,
    afterIngest: invoiceHooks.afterIngest,
    lockDurationMs: config.ARCADIA_JOB_LOCK_MS,
    replaceGuardRatio: config.ARCADIA_INVOICE_REPLACE_GUARD_RATIO,
  });
  invoiceHooks.watch(invoiceWorker);

  const slack = createSlackApp(config, {
    config,
    access: new AccessPolicy(config),
    queries: options.queries ?? mongoInventoryQueries,
    invoices,
    syncQueue: sync,
    syncReplies: replies,
    outbox,
    provision: { client: runtime.doClient, queue: provisioning },
    log,
    now: options.now ?? (() => new Date()),
    redis: runtime.redis,
    prefix,
    invoiceQueue: ingestQueue,
    home,
  });
  const monthly: MonthlySummaryDeps = { config, invoices, outbox, redis: runtime.redis, prefix, log };
  const schedule = options.monthlySchedule === false ? undefined : scheduleMonthlySummary(monthly);
  const wasteDigest: WasteDigestDeps = { config, outbox, redis: runtime.redis, prefix, log };
  // The weekly digest runs where the monthly summary does.
  const digestSchedule = options.monthlySchedule === false ? undefined : scheduleWasteDigest(wasteDigest);
  const drift: DriftCheckDeps = { config, invoices, outbox, redis: runtime.redis, prefix, log };
  const driftSchedule = options.monthlySchedule === false ? undefined : scheduleDriftCheck(drift);
  const workers: Worker[] = [outboxWorker, invoiceWorker];

  return {
    slack,
    outbox,
    syncHooks: withHomeRefresh(syncAlertHooks({ config, outbox, replies, log }), home),
    sagaObserver: sagaSlackObserver({ config, outbox, log }),
    home,
    monthly,
    wasteDigest,
    drift,
    workers,
    async stop() {
      schedule?.stop();
      digestSchedule?.stop();
      driftSchedule?.stop();
      await slack.stop();
      // The outbox closes last, so messages queued by the other workers' last jobs still go out.
      await invoiceWorker.close();
      await outboxWorker.close();
      await Promise.all([outbox.close(), ingestQueue.close(), sync.close(), provisioning.close()]);
    },
  };
}

/** The sync hooks, plus a Home tab refresh after every finished run (throttled by the publisher). */
function withHomeRefresh(hooks: ReturnType<typeof syncAlertHooks>, home: HomePublisher): ReturnType<typeof syncAlertHooks> {
  return {
    ...hooks,
    async afterRun(result, job) {
      await hooks.afterRun(result, job);
      await home.refresh();
    },
  };
}
