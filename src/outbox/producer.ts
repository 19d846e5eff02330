import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { JOB_DEFAULTS, retries } from '../../jobs/job-defaults.js';
import { closeQueue, QUEUE_NAMES, type QueueSettings } from '../../jobs/queues.js';
import { DEFAULTS } from '../config.js';
import type { Runtime } from '../runtime.js';
import { channelOf, type CommandFile, type OutboxJob, type OutboxMessage } from './message.js';
import { PER_CHANNEL_INTERVAL_MS, waitForSlot } from './pacing.js';

/** A file for `user` alone, as its own message: paced and retried like any other, with no text of its own. */
export function directFileMessage(user: string, file: CommandFile, from: string): OutboxMessage {
  return { target: { to: 'direct-file', user, file }, text: '', blocks: [], label: `${from}-file` };
}

export interface OutboxOptions {
  queue: QueueSettings;
  redis: Redis;
  log: Logger;
  /** Spacing between messages to one channel: Slack allows about one per second. @defaultValue PER_CHANNEL_INTERVAL_MS */
  perChannelIntervalMs?: number;
  /** Deliveries tried before a message is kept as undeliverable (429s cost none). @defaultValue ARCADIA_SLACK_ATTEMPTS's default */
  attempts?: number;
  /** Wait before the first retry, doubling after each failure. @defaultValue ARCADIA_SLACK_RETRY_DELAY_MS's default */
  retryDelayMs?: number;
}

/** The outbox of a runtime: its queue, Redis and log, with the configured attempts and retry delay. */
export function runtimeOutbox(
  runtime: Pick<Runtime, 'queue' | 'redis' | 'log' | 'config'>,
  options: Pick<OutboxOptions, 'perChannelIntervalMs'> = {},
): SlackOutbox {
  return new SlackOutbox({
    queue: runtime.queue,
    redis: runtime.redis,
    log: runtime.log,
    perChannelIntervalMs: options.perChannelIntervalMs,
    attempts: runtime.config.ARCADIA_SLACK_ATTEMPTS,
    retryDelayMs: runtime.config.ARCADIA_SLACK_RETRY_DELAY_MS,
  });
}

/** The outbox queue itself, for tools that read or re-drive kept messages without sending any. */
export function outboxQueue(settings: QueueSettings): Queue<OutboxJob> {
  return new Queue<OutboxJob>(QUEUE_NAMES.slackOutbox, settings);
}

/**
 * Every message Arcadia posts goes through here: a BullMQ queue (`slack_outbox`), so a message
 * survives restarts, Slack outages and 429s, and an undeliverable one stays in the failed set
 * (with its content in the log) instead of vanishing. src/slack/outbox/worker.ts delivers it.
 */
export class SlackOutbox {
  readonly queue: Queue<OutboxJob>;
  private readonly interval: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;

  constructor(private readonly options: OutboxOptions) {
    this.queue = outboxQueue(options.queue);
    this.interval = options.perChannelIntervalMs ?? PER_CHANNEL_INTERVAL_MS;
    this.attempts = options.attempts ?? DEFAULTS.ARCADIA_SLACK_ATTEMPTS;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULTS.ARCADIA_SLACK_RETRY_DELAY_MS;
  }

  /** Queues a message. `id` makes it idempotent: a second send with the same id is dropped while the first is kept. */
  async send(message: OutboxMessage, options: { id?: string } = {}): Promise<void> {
    const delay = await waitForSlot(
      this.options.redis,
      this.options.queue.prefix,
      channelOf(message.target),
      this.interval,
      Date.now(),
    );
    const job: OutboxJob = { message, done: [] };
    await this.queue.add(message.label, job, {
      ...JOB_DEFAULTS.slackOutbox,
      ...retries(this.attempts, this.retryDelayMs),
      ...(options.id ? { jobId: options.id } : {}),
      delay,
    });
  }

  async close(): Promise<void> {
    await closeQueue(this.queue);
  }
}
