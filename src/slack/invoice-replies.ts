import type { Job, Worker } from 'bullmq';
import type { JobPayloads } from '../../jobs/queues.js';
import type { InvoiceReport } from '../invoice/index.js';
import { invoiceSummaryMessage, uploadFailedMessage, uploadInvalidMessage } from './blocks/index.js';
import type { SlackOutbox } from './outbox.js';

type IngestJob = { data: JobPayloads['invoiceIngest'] };

function filename(data: JobPayloads['invoiceIngest']): string {
  return data.mode === 'file' ? data.filename : 'the invoice';
}

/** "report.csv: line 7: amount is not a number" → line 7, "amount is not a number". */
export function formatProblem(message: string): { line: number; problem: string } {
  const m = /(?:^|: )line (\d+): (.*)$/s.exec(message);
  return m ? { line: Number(m[1]), problem: m[2]! } : { line: 0, problem: message.replace(/^[^:]*\.csv: (file: )?/i, '') };
}

/** The upload thread's answers: the match summary once stored, or why not once the job has failed for good. */
export function invoiceReplyHooks(outbox: SlackOutbox) {
  return {
    async afterIngest(report: InvoiceReport, job: IngestJob): Promise<void> {
      const to = job.data.replyTo;
      if (!to) return;
      await outbox.send({ ...invoiceSummaryMessage(report), channel: to.channel, threadTs: to.threadTs, responseUrl: to.responseUrl, label: 'upload-summary' });
    },
    /** Watches the invoice worker for jobs that will not be retried. */
    watch<R>(worker: Worker<JobPayloads['invoiceIngest'], R>): void {
      worker.on('failed', (job: Job<JobPayloads['invoiceIngest']> | undefined, err: Error) => {
        const to = job?.data.replyTo;
        if (!job || !to) return;
        const unrecoverable = err.name === 'UnrecoverableError';
        if (!unrecoverable && job.attemptsMade < (job.opts.attempts ?? 1)) return;
        const message = unrecoverable
          ? uploadInvalidMessage({ filename: filename(job.data), ...formatProblem(err.message) })
          : uploadFailedMessage(filename(job.data), err.message);
        void outbox.send({ ...message, channel: to.channel, threadTs: to.threadTs, responseUrl: to.responseUrl, label: 'upload-error' }, { id: `upload-error-${job.id}` });
      });
    },
  };
}
