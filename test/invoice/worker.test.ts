import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { Invoice } from '../../models/invoice.js';
import { createInvoiceWorker } from '../../jobs/invoice-worker.js';
import { invoiceQueue, QUEUE_NAMES } from '../../jobs/queues.js';
import { InvoiceFormatError, type InvoiceReport } from '../../src/invoice/index.js';
import { PermanentJobError } from '../../jobs/permanent-job-error.js';
import { storedLineCount } from './seed.js';
import { isolation, silentLog, testConfig, useDatabase } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const config = testConfig(iso);
const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
const settings = { connection, prefix: iso.prefix };
const queue = invoiceQueue(settings);
const events = new QueueEvents(QUEUE_NAMES.invoiceIngest, settings);
const reports: InvoiceReport[] = [];
const worker = createInvoiceWorker({ queue: settings, log: silentLog, afterIngest: async (r) => void reports.push(r) });
/** Resolves with the error the worker's own `failed` listeners got for a job (it may fire after QueueEvents reports the failure). */
function workerFailure(jobId: string | undefined): Promise<Error> {
  return new Promise((resolve) => {
    const onFailed = (job: { id?: string } | undefined, err: Error) => {
      if (job?.id !== jobId) return;
      worker.off('failed', onFailed);
      resolve(err);
    };
    worker.on('failed', onFailed);
  });
}

beforeAll(() => events.waitUntilReady());
afterAll(async () => {
  await worker.close();
  await events.close();
  await queue.close();
  connection.disconnect();
});

const file = (name: string) =>
  readFileSync(new URL(`../fixtures/invoices/${name}`, import.meta.url)).toString('base64');

describe('invoice_ingest queue', () => {
  it('ingests an uploaded file and hands the report to the after-ingest hook', async () => {
    const job = await queue.add('ingest', {
      mode: 'file',
      filename: 'basic.csv',
      bytesBase64: file('basic.csv'),
      source: 'upload',
    });
    const result = await job.waitUntilFinished(events);
    expect(result).toMatchObject({ lines: 24, outcome: 'stored', invoice: { period: '2025-06', source: 'upload' } });
    expect(result.items).toBeUndefined();
    expect(reports.at(-1)?.items).toHaveLength(24);
    expect(await storedLineCount()).toBe(24);
  });

  it('fails a malformed file at once, without retries, storing nothing more', async () => {
    const jobId = 'short-row';
    const failure = workerFailure(jobId);
    const job = await queue.add(
      'ingest',
      { mode: 'file', filename: 'short-row.csv', bytesBase64: file('short-row.csv'), source: 'upload' },
      { jobId, attempts: 5, backoff: { type: 'fixed', delay: 0 } },
    );
    await expect(job.waitUntilFinished(events)).rejects.toThrow(/short-row\.csv: line 3: expected 9 columns/);
    const failed = await queue.getJob(String(job.id));
    expect(failed?.attemptsMade).toBe(1);
    // The worker's failed listeners get the typed error, its line and problem intact.
    const seen = await failure;
    expect(seen).toBeInstanceOf(PermanentJobError);
    const cause = (seen as PermanentJobError).error;
    expect(cause).toBeInstanceOf(InvoiceFormatError);
    expect(cause).toMatchObject({ line: 3, code: 'invoice_format' });
    expect((cause as InvoiceFormatError).problem).toMatch(/^expected 9 columns/);
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await storedLineCount()).toBe(24);
  });
});
