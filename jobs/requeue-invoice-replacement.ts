import type { Queue } from 'bullmq';
import { InvoiceReplacementGoneError } from '../src/invoice/errors.js';
import { enqueueInvoiceIngest } from './enqueue-invoice-ingest.js';
import type { JobPayloads } from './queues.js';

/**
 * A person confirmed replacing a stored invoice with an upload that was refused (much smaller, or
 * not adding up): the refused job's payload, still kept by BullMQ, is queued again with `replace`.
 * The new job's id is derived from the refused one, so a second press queues nothing more.
 */
export async function requeueInvoiceReplacement(
  queue: Queue<JobPayloads['invoiceIngest']>,
  refusedJobId: string,
  confirmedBy: string,
): Promise<string> {
  const refused = await queue.getJob(refusedJobId);
  if (!refused || refused.data.replace || !(await refused.isFailed()))
    throw new InvoiceReplacementGoneError(refusedJobId);
  const jobId = `${refusedJobId}-replace`;
  await enqueueInvoiceIngest(
    queue,
    refused.name,
    {
      ...refused.data,
      replace: true,
      replacedBy: { by: confirmedBy, at: new Date().toISOString(), via: 'button' },
      replyTo: refused.data.replyTo && { ...refused.data.replyTo, userId: confirmedBy },
    },
    jobId,
  );
  return jobId;
}
