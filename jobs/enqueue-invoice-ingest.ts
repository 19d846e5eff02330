import type { Queue } from 'bullmq';
import { JOB_DEFAULTS } from './job-defaults.js';
import type { JobPayloads } from './queues.js';

/** Adds an invoice to ingest under `jobId`: a second add under the same id while one is kept is a no-op. */
export async function enqueueInvoiceIngest(
  queue: Queue<JobPayloads['invoiceIngest']>,
  name: string,
  data: JobPayloads['invoiceIngest'],
  jobId: string,
): Promise<void> {
  await queue.add(name, data, { ...JOB_DEFAULTS.invoiceIngest, jobId });
}
