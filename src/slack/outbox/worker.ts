import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { webApi } from '@slack/bolt';
import { QUEUE_NAMES, type QueueSettings } from '../../../jobs/queues.js';
import { channelOf, fileNameOf, threadOf, type OutboxJob, type OutboxTarget } from '../../outbox/message.js';
import { slackDeliveries } from '../../metrics.js';
import { jobLogger } from '../../logger.js';
import { upgradeJob, type LegacyOutboxJob } from '../../outbox/upgrade.js';
import { deliver, type DeliveryDeps } from './delivery.js';
import { PermanentDeliveryError, permanentFailure } from './errors.js';

export interface OutboxWorkerDeps extends DeliveryDeps {
  queue: QueueSettings;
  log: Logger;
  /** @defaultValue 4 */
  concurrency?: number;
}

const RETRY_AFTER_MARGIN_MS = 250;

/** The Slack method that posts each kind of target: the label deliveries are counted by. */
const METHOD: Record<OutboxTarget['to'], string> = {
  channel: 'chat.postMessage',
  ephemeral: 'chat.postEphemeral',
  update: 'chat.update',
  'response-url': 'response_url',
  'direct-file': 'files.uploadV2',
};

/**
 * BullMQ checks the pause set by `worker.rateLimit()` when moving a job to active only if the worker
 * has a limiter: without one, a fetch already under way (e.g. woken by a delayed message falling
 * due) takes the put-back message before Retry-After is up and earns another 429. The limit itself
 * is far above anything Slack accepts, so only the pause ever holds messages back.
 */
const PAUSE_ONLY_LIMITER = { max: 10_000, duration: 1000 };

/**
 * Delivers outbox messages (delivery.ts, part by part). A 429 pauses the whole queue for
 * Retry-After and puts the message back, costing no attempt; a permanent Slack error (errors.ts)
 * fails the message at once.
 */
export function createOutboxWorker(deps: OutboxWorkerDeps): Worker<OutboxJob> {
  const worker: Worker<OutboxJob> = new Worker<OutboxJob>(
    QUEUE_NAMES.slackOutbox,
    async (job) => {
      const method = METHOD[upgradeJob(job.data as OutboxJob | LegacyOutboxJob).message.target.to];
      try {
        await deliver(job, deps);
        slackDeliveries.inc({ method, outcome: 'delivered' });
      } catch (err) {
        if (err instanceof webApi.WebAPIRateLimitedError) {
          slackDeliveries.inc({ method, outcome: 'rate_limited' });
          const { message } = upgradeJob(job.data as OutboxJob | LegacyOutboxJob);
          jobLogger(deps.log, job).warn(
            { label: message.label, channel: channelOf(message.target), retryAfterS: err.retryAfter },
            'Slack rate limit; pausing the outbox',
          );
          // Retry-After is in whole seconds and timers can fire a hair early: a little extra wait
          // costs nothing, while coming back early earns another 429.
          await worker.rateLimit(Math.max(1, err.retryAfter) * 1000 + RETRY_AFTER_MARGIN_MS);
          throw Worker.RateLimitError();
        }
        const reason = permanentFailure(err);
        const final = reason !== undefined || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        slackDeliveries.inc({ method, outcome: final ? 'failed' : 'retried' });
        if (reason) throw new PermanentDeliveryError(reason, err);
        throw err;
      }
    },
    { ...deps.queue, concurrency: deps.concurrency ?? 4, limiter: PAUSE_ONLY_LIMITER },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const permanent = err instanceof PermanentDeliveryError ? err.reason : undefined;
    const final = permanent !== undefined || job.attemptsMade >= (job.opts.attempts ?? 1);
    const { message } = upgradeJob(job.data as OutboxJob | LegacyOutboxJob);
    const log = jobLogger(deps.log, job);
    const where = {
      label: message.label,
      channel: channelOf(message.target),
      threadTs: threadOf(message.target),
      attempt: job.attemptsMade,
      err: err.message,
    };
    if (!final) return void log.warn(where, 'Slack message delivery failed; will retry');
    // The content is logged so nothing is lost even if Redis is wiped; there is no token in it.
    log.error(
      {
        ...where,
        final,
        permanent,
        text: message.text,
        blocks: message.blocks,
        csv: fileNameOf(message),
        image: message.image?.filename,
      },
      'Slack message undeliverable; kept in the slack_outbox failed set (`arcadia outbox retry` sends it again)',
    );
  });
  worker.on('error', (err) => deps.log.error({ err: err.message }, 'outbox worker error'));
  return worker;
}
