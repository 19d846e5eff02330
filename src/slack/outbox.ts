import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { webApi } from '@slack/bolt';
import { QUEUE_NAMES, type QueueSettings } from '../../jobs/queues.js';
import type { SlackMessage } from './blocks/message.js';

/** A message on its way to Slack, and where it goes. */
export interface OutboxMessage extends SlackMessage {
  /** Conversation id: where the message (or, with `responseUrl`, its CSV) is posted. */
  channel: string;
  threadTs?: string;
  /** Post as an ephemeral message to this user only. */
  ephemeralUser?: string;
  /** Answer a slash command through its response_url instead of chat.postMessage. */
  responseUrl?: string;
  /** What the message is, for logs: "stale-alert", "upload-summary"... */
  label: string;
}

interface OutboxJob {
  message: OutboxMessage;
  /** Set once the message itself is posted, so a retry for its CSV does not post it twice. */
  posted?: boolean;
}

export interface OutboxOptions {
  queue: QueueSettings;
  redis: Redis;
  log: Logger;
  /** Spacing between messages to one channel: Slack allows about one per second. @defaultValue 1000 */
  perChannelIntervalMs?: number;
}

/**
 * Reserves the next free posting slot of a channel: slots are `interval` apart, handed out in
 * enqueue order, so messages to one channel keep their order and never burst past Slack's limit.
 */
const RESERVE_SLOT = `
local now = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
redis.call('SET', KEYS[1], slot + gap, 'PX', slot - now + gap + 60000)
return slot`;

/**
 * Every message Arcadia posts goes through here: a BullMQ queue (`slack_outbox`), so a message
 * survives restarts, Slack outages and 429s, and an undeliverable one stays in the failed set
 * (with its content in the log) instead of vanishing.
 */
export class SlackOutbox {
  readonly queue: Queue<OutboxJob>;
  private readonly interval: number;

  constructor(private readonly options: OutboxOptions) {
    this.queue = new Queue<OutboxJob>(QUEUE_NAMES.slackOutbox, options.queue);
    this.interval = options.perChannelIntervalMs ?? 1000;
  }

  /** Queues a message. `id` makes it idempotent: a second send with the same id is dropped while the first is kept. */
  async send(message: OutboxMessage, options: { id?: string } = {}): Promise<void> {
    const now = Date.now();
    const key = `${this.options.queue.prefix}:slack:pace:${message.channel}`;
    const slot = Number(await this.options.redis.eval(RESERVE_SLOT, 1, key, String(now), String(this.interval)));
    await this.queue.add(message.label, { message }, {
      ...(options.id ? { jobId: options.id } : {}),
      delay: Math.max(0, slot - now),
      attempts: 12,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 7 * 86_400, count: 10_000 },
      // Undelivered messages are kept: an operator can read and retry them.
      removeOnFail: false,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export interface OutboxWorkerDeps {
  queue: QueueSettings;
  client: webApi.WebClient;
  log: Logger;
  /** @defaultValue 4 */
  concurrency?: number;
}

const RETRY_AFTER_MARGIN_MS = 250;

/** Delivers outbox messages. A 429 pauses the whole queue for Retry-After and puts the message back, costing no attempt. */
export function createOutboxWorker(deps: OutboxWorkerDeps): Worker<OutboxJob> {
  const worker: Worker<OutboxJob> = new Worker<OutboxJob>(
    QUEUE_NAMES.slackOutbox,
    async (job) => {
      try {
        await deliver(job, deps.client);
      } catch (err) {
        if (err instanceof webApi.WebAPIRateLimitedError) {
          deps.log.warn({ label: job.data.message.label, channel: job.data.message.channel, retryAfterS: err.retryAfter }, 'Slack rate limit; pausing the outbox');
          // Retry-After is in whole seconds and timers can fire a hair early: a little extra wait
          // costs nothing, while coming back early earns another 429.
          await worker.rateLimit(Math.max(1, err.retryAfter) * 1000 + RETRY_AFTER_MARGIN_MS);
          throw Worker.RateLimitError();
        }
        throw err;
      }
    },
    { ...deps.queue, concurrency: deps.concurrency ?? 4 },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    const { message } = job.data;
    // The content is logged so nothing is lost even if Redis is wiped; there is no token in it.
    deps.log[final ? 'error' : 'warn'](
      { label: message.label, channel: message.channel, threadTs: message.threadTs, attempt: job.attemptsMade, final, err: err.message, ...(final ? { text: message.text } : {}) },
      final ? 'Slack message undeliverable; kept in the slack_outbox failed set' : 'Slack message delivery failed; will retry',
    );
  });
  worker.on('error', (err) => deps.log.error({ err: err.message }, 'outbox worker error'));
  return worker;
}

async function deliver(job: Job<OutboxJob>, client: webApi.WebClient): Promise<void> {
  const { message } = job.data;
  // A message may be only a file (a command's full list): then there is nothing to post first.
  if (!job.data.posted && (message.text || message.blocks.length)) {
    if (message.responseUrl) await postToResponseUrl(message);
    else if (message.ephemeralUser)
      await client.chat.postEphemeral({ channel: message.channel, user: message.ephemeralUser, text: message.text, blocks: message.blocks, thread_ts: message.threadTs });
    else
      await client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        blocks: message.blocks,
        thread_ts: message.threadTs,
        unfurl_links: false,
        unfurl_media: false,
      });
    await job.updateData({ ...job.data, posted: true });
  }
  if (message.csv) {
    const file = { filename: message.csv.filename, title: message.csv.title, content: message.csv.content };
    await client.filesUploadV2(
      message.threadTs ? { ...file, channel_id: message.channel, thread_ts: message.threadTs } : { ...file, channel_id: message.channel },
    );
  }
}

async function postToResponseUrl(message: OutboxMessage): Promise<void> {
  const res = await fetch(message.responseUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: message.ephemeralUser ? 'ephemeral' : 'in_channel', replace_original: false, text: message.text, blocks: message.blocks }),
  });
  if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
}
