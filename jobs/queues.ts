import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import type { InvoiceSource } from '../models/invoice.js';
import type { AuditVia } from '../models/audit.js';
import { RESOURCE_KINDS, type ResourceKind } from '../src/sync/kinds/index.js';

/** Queue names, fixed because operators and dashboards know them. */
export const QUEUE_NAMES = {
  cloudSync: 'cloud_sync_full',
  invoiceIngest: 'invoice_ingest',
  slackOutbox: 'slack_outbox',
  provision: 'provision',
  wasteDetect: 'waste_detect',
} as const;

/** Where a job's outcome is posted when a person asked for it in Slack: a thread, a response_url, or both. */
export interface ReplyTo {
  channel: string;
  threadTs?: string;
  responseUrl?: string;
  userId?: string;
  /** The Slack request that asked (src/slack/request-context.ts): the worker's log lines for the job name it too. */
  requestId?: string;
}

/** Job names and payloads, one typed map for every queue. */
export interface JobPayloads {
  sync: {
    kind: ResourceKind;
    /** The DO team to list; absent in jobs queued for a single-team deployment (its one account). */
    account?: string;
    /** Mark stale even if the shrink guard would stop it. */
    force?: boolean;
    /** Where to post the result when a person asked for the sync in Slack. */
    replyTo?: ReplyTo;
    /** Job ids of held-back syncs that read this kind's listing: released (promoted) when this one ends. */
    then?: string[];
    /** Set on a follower as it is released: the run whose listing it may read instead of listing again. */
    upstreamRunId?: string;
  };
  /** The waste rules reading a kind, run after a complete listing of it (in its own job, off the sync's path). */
  wasteDetect: {
    kind: ResourceKind;
    /** The team whose client prices the findings (DO's prices are the same for every team). */
    account?: string;
  };
  /** An invoice to ingest: a file's bytes (an upload, a CLI argument) or a pull from DO's billing API. */
  invoiceIngest: (
    | {
        mode: 'file';
        filename: string;
        /** The file, base64-encoded (uploads are capped by ARCADIA_MAX_UPLOAD_BYTES). */
        bytesBase64: string;
        source: InvoiceSource;
      }
    | { mode: 'fetch' }
  ) & {
    /** YYYY-MM; for a file, read from its dates when absent; for a fetch, last month. */
    period?: string;
    /** The DO team the invoice bills (src/digitalocean/accounts.ts); absent: the worker's only (or first) team. */
    account?: string;
    /** A person confirmed replacing the stored copy of this invoice (`--replace`, Slack's Replace button). */
    replace?: boolean;
    /** Who confirmed `replace`, when (ISO) and from where: kept on the invoice once it replaces the stored copy. */
    replacedBy?: { by: string; at: string; via: AuditVia };
    replyTo?: ReplyTo;
  };
}

export interface ProvisionJob {
  /** The saga to drive from its stored state (provisioning, compensating or deprovisioning). */
  sagaId: string;
}

export interface QueueSettings {
  connection: ConnectionOptions;
  /** Redis key prefix: separates deployments (and test files) sharing one Redis. */
  prefix: string;
}

export function syncQueue(settings: QueueSettings): Queue<JobPayloads['sync']> {
  const queue = new Queue<JobPayloads['sync']>(QUEUE_NAMES.cloudSync, settings);
  // Each job awaited with waitUntilFinished listens for the queue closing; a full sync awaits one per kind.
  queue.setMaxListeners(RESOURCE_KINDS.length + 10);
  return queue;
}

export function syncQueueEvents(settings: QueueSettings): QueueEvents {
  return new QueueEvents(QUEUE_NAMES.cloudSync, settings);
}

export function wasteQueue(settings: QueueSettings): Queue<JobPayloads['wasteDetect']> {
  return new Queue<JobPayloads['wasteDetect']>(QUEUE_NAMES.wasteDetect, settings);
}

export function invoiceQueue(settings: QueueSettings): Queue<JobPayloads['invoiceIngest']> {
  return new Queue<JobPayloads['invoiceIngest']>(QUEUE_NAMES.invoiceIngest, settings);
}

export function provisionQueue(settings: QueueSettings): Queue<ProvisionJob> {
  return new Queue<ProvisionJob>(QUEUE_NAMES.provision, settings);
}

export function provisionQueueEvents(settings: QueueSettings): QueueEvents {
  return new QueueEvents(QUEUE_NAMES.provision, settings);
}

export function invoiceQueueEvents(settings: QueueSettings): QueueEvents {
  return new QueueEvents(QUEUE_NAMES.invoiceIngest, settings);
}

/** A Queue of every name, for reading their counts (the health server's /metrics); the caller closes them. */
export function everyQueue(settings: QueueSettings): Queue[] {
  return Object.values(QUEUE_NAMES).map((name) => new Queue(name, settings));
}

/** Times a job may be taken over from a worker that stopped renewing its lock before BullMQ fails it. */
export const MAX_STALLED_TAKEOVERS = 3;

/** How long a closing queue waits for BullMQ to finish starting its connection (Redis gone: not long). */
const SETTLE_MS = 2000;

/**
 * Closes a queue once BullMQ has finished starting its connection. A queue closed while that start
 * is still running stops listening to it, and the start then fails on the closing connection as an
 * 'error' no one hears, which ends the process (a receiver whose start fails right after opening
 * its queues). With Redis unreachable the start never ends, so the wait is bounded.
 */
export async function closeQueue(queue: Queue): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    queue.waitUntilReady().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, SETTLE_MS).unref())),
  ]);
  clearTimeout(timer);
  await queue.close();
}
