import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { Logger } from 'pino';
import { jobFailureCause } from '../../jobs/permanent-job-error.js';
import type { JobPayloads } from '../../jobs/queues.js';
import { explainError } from '../errors.js';
import { InvoiceFormatError, InvoiceReplaceRefusedError, type InvoiceReport } from '../invoice/index.js';
import {
  invoiceSummaryMessage,
  uploadFailedMessage,
  uploadInvalidMessage,
  uploadReplaceRefusedMessage,
} from './blocks/index.js';
import { replyTarget } from '../outbox/message.js';
import type { SlackOutbox } from '../outbox/producer.js';

type IngestJob = { data: JobPayloads['invoiceIngest'] };

function filename(data: JobPayloads['invoiceIngest']): string {
  return data.mode === 'file' ? data.filename : 'the invoice';
}

/** The upload thread's answers: the match summary once stored, or why not once the job has failed for good. */
export function invoiceReplyHooks(outbox: SlackOutbox, log: Logger) {
  return {
    async afterIngest(report: InvoiceReport, job: IngestJob): Promise<void> {
      const to = job.data.replyTo;
      if (!to) return;
      await outbox.send({ ...invoiceSummaryMessage(report), target: replyTarget(to), label: 'upload-summary' });
    },
    /** Watches the invoice worker for jobs that will not be retried. */
    watch<R>(worker: Worker<JobPayloads['invoiceIngest'], R>): void {
      worker.on('failed', (job: Job<JobPayloads['invoiceIngest']> | undefined, err: Error) => {
        const to = job?.data.replyTo;
        if (!job || !to) return;
        if (!(err instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1)) return;
        const cause = jobFailureCause(err);
        const message =
          cause instanceof InvoiceFormatError
            ? uploadInvalidMessage({ filename: filename(job.data), problems: cause.problems, unlisted: cause.unlisted })
            : cause instanceof InvoiceReplaceRefusedError
              ? uploadReplaceRefusedMessage(filename(job.data), cause.sentence, String(job.id))
              : uploadFailedMessage(
                  filename(job.data),
                  explainError(cause, log, "it failed on Arcadia's side", { jobId: job.id }).sentence,
                );
        void outbox.send(
          { ...message, target: replyTarget(to), label: 'upload-error' },
          { id: `upload-error-${job.id}` },
        );
      });
    },
  };
}
