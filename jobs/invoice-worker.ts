import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { DoClient } from '../src/digitalocean/client.js';
import { AccountClients } from '../src/digitalocean/account-clients.js';
import { DEFAULT_ACCOUNT } from '../src/digitalocean/accounts.js';
import { DEFAULTS } from '../src/config.js';
import { MissingDoTokenError } from '../src/errors.js';
import { jobLogger } from '../src/logger.js';
import { fetchInvoiceFromDo, ingestInvoiceFile, type InvoiceReport } from '../src/invoice/index.js';
import { forQueue } from './permanent-job-error.js';
import { MAX_STALLED_TAKEOVERS, QUEUE_NAMES, type JobPayloads, type QueueSettings } from './queues.js';

export interface InvoiceWorkerDeps {
  queue: QueueSettings;
  /** The DO teams' clients (one client: the single `default` team); needed for `fetch` jobs only. */
  client?: DoClient | AccountClients;
  log: Logger;
  /** Called with every stored (or recognised) invoice, e.g. to post the summary in the upload's thread. */
  afterIngest?: (report: InvoiceReport, job: { data: JobPayloads['invoiceIngest'] }) => Promise<void>;
  /** ARCADIA_INVOICE_REPLACE_GUARD_RATIO. @defaultValue its default */
  replaceGuardRatio?: number;
  /** @defaultValue 1: one invoice at a time keeps a period's re-upload from racing its predecessor. */
  concurrency?: number;
  /** ARCADIA_JOB_LOCK_MS: after this long, a job whose worker died is handed to another. @defaultValue ARCADIA_JOB_LOCK_MS's default */
  lockDurationMs?: number;
}

/** What a job returns (and BullMQ keeps in Redis): the report without its per-line items, which can run to 200,000. */
export type InvoiceJobResult = Omit<InvoiceReport, 'items' | 'runningNotBilled'> & {
  runningNotBilled: { count: number; usuallyFreeCount: number };
};

function jobResult(report: InvoiceReport): InvoiceJobResult {
  const { items: _items, runningNotBilled, ...rest } = report;
  return {
    ...rest,
    runningNotBilled: { count: runningNotBilled.count, usuallyFreeCount: runningNotBilled.usuallyFreeCount },
  };
}

/** The invoice_ingest worker: one job is one invoice. Bad input fails at once (PermanentJobError), DO outages retry. */
export function createInvoiceWorker(deps: InvoiceWorkerDeps): Worker<JobPayloads['invoiceIngest'], InvoiceJobResult> {
  const accounts = deps.client ? AccountClients.from(deps.client) : undefined;
  // A worker that dies holding an invoice's lease lets it go as soon as BullMQ hands its job on.
  const lease = { ttlMs: deps.lockDurationMs };
  const worker = new Worker<JobPayloads['invoiceIngest'], InvoiceJobResult>(
    QUEUE_NAMES.invoiceIngest,
    async (job) => {
      const log = jobLogger(deps.log, job);
      const data = job.data;
      const account = data.account ?? accounts?.primaryName ?? DEFAULT_ACCOUNT;
      const replace =
        data.replace && data.replacedBy ? { ...data.replacedBy, at: new Date(data.replacedBy.at) } : data.replace;
      let report: InvoiceReport;
      try {
        if (data.mode === 'file') {
          report = await ingestInvoiceFile({
            bytes: Buffer.from(data.bytesBase64, 'base64'),
            filename: data.filename,
            source: data.source,
            period: data.period,
            replace,
            replaceGuardRatio: deps.replaceGuardRatio,
            account,
            lease,
          });
        } else {
          if (!accounts) throw new MissingDoTokenError('fetching an invoice');
          report = await fetchInvoiceFromDo(accounts.client(account).child(), data.period, {
            replace,
            replaceGuardRatio: deps.replaceGuardRatio,
            account,
            lease,
          });
        }
      } catch (err) {
        // A malformed file, a missing invoice or a refused token fail at once, keeping their fields.
        throw forQueue(err);
      }
      log.info(
        {
          account,
          period: report.invoice.period,
          lines: report.lines,
          matched: report.matched,
          outcome: report.outcome,
        },
        'invoice ingested',
      );
      await deps.afterIngest?.(report, job).catch((err: unknown) => log.error({ err }, 'after-ingest hook failed'));
      return jobResult(report);
    },
    {
      ...deps.queue,
      concurrency: deps.concurrency ?? 1,
      lockDuration: deps.lockDurationMs ?? DEFAULTS.ARCADIA_JOB_LOCK_MS,
      stalledInterval: deps.lockDurationMs ?? DEFAULTS.ARCADIA_JOB_LOCK_MS,
      // An ingest stores its invoice once however often it is taken over (see the sync worker).
      maxStalledCount: MAX_STALLED_TAKEOVERS,
    },
  );
  worker.on('error', (err) => deps.log.error({ err: err.message }, 'invoice worker error'));
  return worker;
}
