import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { webApi } from '@slack/bolt';
import { JOB_DEFAULTS, retries } from '../../jobs/job-defaults.js';
import { QUEUE_NAMES, type QueueSettings } from '../../jobs/queues.js';
import { DEFAULTS } from '../config.js';
import type { Runtime } from '../runtime.js';
import type { CsvAttachment, SlackMessage } from './blocks/message.js';
import { commandFileName, type CommandFile } from './command-files.js';
import { PermanentDeliveryError, permanentFailure } from './outbox-errors.js';
import { postToResponseUrl, RESPONSE_URL_LIFETIME_MS } from './response-url.js';

/** A message on its way to Slack, and where it goes. */
export interface OutboxMessage extends Omit<SlackMessage, 'text'> {
  /** A builder's escaped `fallbackText`, or '' for a message that is only a file. */
  text: string;
  /** Conversation id: where the message (or, with `responseUrl`, its CSV) is posted. */
  channel: string;
  threadTs?: string;
  /** Post as an ephemeral message to this user only. */
  ephemeralUser?: string;
  /** Replace the message with this ts in `channel` (chat.update) instead of posting a new one: a decided approval loses its buttons. */
  updateTs?: string;
  /** Answer a slash command through its response_url instead of chat.postMessage. */
  responseUrl?: string;
  /** What the message is, for logs: "stale-alert", "upload-summary"... */
  label: string;
  /** Details posted in the message's own thread once it is posted (a long list, and the CSV with it). */
  thread?: Omit<SlackMessage, 'text'> & { text: string };
  /**
   * Once posted, tell the worker's recorder `as` where the message is (channel and ts) for `id`: a
   * saga's approval request is recorded so a decision made elsewhere can update it in place.
   */
  record?: { as: string; id: string };
  /**
   * A file for one person: built by the worker's `buildFile` when delivered (the job holds only what
   * names it) and uploaded to their direct message with the bot, never to `channel`.
   */
  directFile?: { user: string; file: CommandFile };
}

/** A file for `user` alone, as its own message: paced and retried like any other, with no text of its own. */
export function directFileMessage(user: string, file: CommandFile, from: string): OutboxMessage {
  return { channel: user, text: '', blocks: [], directFile: { user, file }, label: `${from}-file` };
}

/** Told where a posted message landed; a failure retries it alone (the message is not posted again). */
export type PostedRecorder = (id: string, where: { channel: string; ts: string }) => Promise<void>;

export interface OutboxJob {
  message: OutboxMessage;
  /** Set once the message itself is posted, so a retry for its CSV does not post it twice. */
  posted?: boolean;
  /** The posted message's ts, for its thread. */
  postedTs?: string;
  /** Each later part, set once delivered: a retry resumes after the last one that went out. */
  imagePosted?: boolean;
  threadPosted?: boolean;
  threadCsvPosted?: boolean;
  recorded?: boolean;
}

export interface OutboxOptions {
  queue: QueueSettings;
  redis: Redis;
  log: Logger;
  /** Spacing between messages to one channel: Slack allows about one per second. @defaultValue 1000 */
  perChannelIntervalMs?: number;
  /** Deliveries tried before a message is kept as undeliverable (429s cost none). @defaultValue ARCADIA_SLACK_ATTEMPTS's default */
  attempts?: number;
  /** Wait before the first retry, doubling after each failure. @defaultValue ARCADIA_SLACK_RETRY_DELAY_MS's default */
  retryDelayMs?: number;
}

/** The outbox of a runtime: its queue, Redis and log, with the configured attempts and retry delay. */
export function runtimeOutbox(runtime: Pick<Runtime, 'queue' | 'redis' | 'log' | 'config'>, options: Pick<OutboxOptions, 'perChannelIntervalMs'> = {}): SlackOutbox {
  return new SlackOutbox({
    queue: runtime.queue,
    redis: runtime.redis,
    log: runtime.log,
    perChannelIntervalMs: options.perChannelIntervalMs,
    attempts: runtime.config.ARCADIA_SLACK_ATTEMPTS,
    retryDelayMs: runtime.config.ARCADIA_SLACK_RETRY_DELAY_MS,
  });
}

/** Slack's posting limit is about one message per second per channel. */
const PER_CHANNEL_INTERVAL_MS = 1000;

/** The outbox queue itself, for tools that read or re-drive kept messages without sending any. */
export function outboxQueue(settings: QueueSettings): Queue<OutboxJob> {
  return new Queue<OutboxJob>(QUEUE_NAMES.slackOutbox, settings);
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
    const now = Date.now();
    const key = `${this.options.queue.prefix}:slack:pace:${message.channel}`;
    const slot = Number(await this.options.redis.eval(RESERVE_SLOT, 1, key, String(now), String(this.interval)));
    await this.queue.add(message.label, { message }, {
      ...JOB_DEFAULTS.slackOutbox,
      ...retries(this.attempts, this.retryDelayMs),
      ...(options.id ? { jobId: options.id } : {}),
      delay: Math.max(0, slot - now),
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
  /** The recorders messages name in `record`, by name. */
  recorders?: Record<string, PostedRecorder>;
  /** Builds the file a `directFile` names (src/slack/command-files.ts), from what is stored at delivery. */
  buildFile?: (file: CommandFile) => Promise<CsvAttachment>;
}

const RETRY_AFTER_MARGIN_MS = 250;

/**
 * BullMQ checks the pause set by `worker.rateLimit()` when moving a job to active only if the worker
 * has a limiter: without one, a fetch already under way (e.g. woken by a delayed message falling
 * due) takes the put-back message before Retry-After is up and earns another 429. The limit itself
 * is far above anything Slack accepts, so only the pause ever holds messages back.
 */
const PAUSE_ONLY_LIMITER = { max: 10_000, duration: 1000 };

/**
 * Delivers outbox messages. A 429 pauses the whole queue for Retry-After and puts the message back,
 * costing no attempt; a permanent Slack error (see outbox-errors.ts) fails the message at once.
 */
export function createOutboxWorker(deps: OutboxWorkerDeps): Worker<OutboxJob> {
  const worker: Worker<OutboxJob> = new Worker<OutboxJob>(
    QUEUE_NAMES.slackOutbox,
    async (job) => {
      try {
        await deliver(job, deps);
      } catch (err) {
        if (err instanceof webApi.WebAPIRateLimitedError) {
          deps.log.warn({ label: job.data.message.label, channel: job.data.message.channel, retryAfterS: err.retryAfter }, 'Slack rate limit; pausing the outbox');
          // Retry-After is in whole seconds and timers can fire a hair early: a little extra wait
          // costs nothing, while coming back early earns another 429.
          await worker.rateLimit(Math.max(1, err.retryAfter) * 1000 + RETRY_AFTER_MARGIN_MS);
          throw Worker.RateLimitError();
        }
        const reason = permanentFailure(err);
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
    const { message } = job.data;
    const where = { jobId: job.id, label: message.label, channel: message.channel, threadTs: message.threadTs, attempt: job.attemptsMade, err: err.message };
    if (!final) return void deps.log.warn(where, 'Slack message delivery failed; will retry');
    // The content is logged so nothing is lost even if Redis is wiped; there is no token in it.
    deps.log.error(
      { ...where, final, permanent, text: message.text, blocks: message.blocks, csv: fileNameOf(message), image: message.image?.filename },
      'Slack message undeliverable; kept in the slack_outbox failed set (`arcadia outbox retry` sends it again)',
    );
  });
  worker.on('error', (err) => deps.log.error({ err: err.message }, 'outbox worker error'));
  return worker;
}

/** The name of the file a message carries or names, for logs and `arcadia outbox list`. */
export function fileNameOf(message: OutboxMessage): string | undefined {
  return message.csv?.filename ?? (message.directFile ? commandFileName(message.directFile.file) : undefined);
}

/** The job as kept once delivered: what was said and where, without the files' bytes. */
function withoutFileContent(data: OutboxJob): OutboxJob {
  const { message } = data;
  return {
    ...data,
    message: {
      ...message,
      ...(message.csv ? { csv: { ...message.csv, content: '' } } : {}),
      ...(message.image ? { image: { ...message.image, pngBase64: '' } } : {}),
      ...(message.thread?.csv ? { thread: { ...message.thread, csv: { ...message.thread.csv, content: '' } } } : {}),
    },
  };
}

async function deliver(job: Job<OutboxJob>, deps: OutboxWorkerDeps): Promise<void> {
  const { client } = deps;
  const recorders = deps.recorders ?? {};
  const { message } = job.data;
  // A message may be only a file (a command's full list): then there is nothing to post first.
  if (!job.data.posted && (message.text || message.blocks.length)) {
    if (message.responseUrl) {
      const deadline = job.timestamp + RESPONSE_URL_LIFETIME_MS;
      if (Date.now() > deadline) throw new PermanentDeliveryError('response_url_expired', new Error('response_url is older than 30 minutes'));
      // One immediate retry on a fresh connection inside the attempt (a kept-alive socket closed
      // under us); the queue's backoff takes it from there.
      await postToResponseUrl(
        message.responseUrl,
        { response_type: message.ephemeralUser ? 'ephemeral' : 'in_channel', replace_original: false, text: message.text, blocks: message.blocks },
        { attempts: 2, deadline, webApiUrl: client.slackApiUrl },
      );
    }
    else if (message.updateTs) await client.chat.update({ channel: message.channel, ts: message.updateTs, text: message.text, blocks: message.blocks });
    else if (message.ephemeralUser)
      await client.chat.postEphemeral({ channel: message.channel, user: message.ephemeralUser, text: message.text, blocks: message.blocks, thread_ts: message.threadTs });
    else {
      const posted = await client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        blocks: message.blocks,
        thread_ts: message.threadTs,
        unfurl_links: false,
        unfurl_media: false,
      });
      if (posted.ts) job.data.postedTs = posted.ts;
    }
    await job.updateData({ ...job.data, posted: true });
  }
  /** A file to the message's channel, in a thread when there is one. */
  const upload = (file: { filename: string; title: string } & ({ content: string } | { file: Buffer; alt_text: string }), threadTs?: string) =>
    client.filesUploadV2((threadTs ? { ...file, channel_id: message.channel, thread_ts: threadTs } : { ...file, channel_id: message.channel }) as webApi.FilesUploadV2Arguments);
  /** Runs a part once: recorded on the job when done, so a retry after a later part's failure skips it. */
  const once = async (done: 'imagePosted' | 'threadPosted' | 'threadCsvPosted' | 'recorded', part: () => Promise<unknown>) => {
    if (job.data[done]) return;
    await part();
    await job.updateData({ ...job.data, [done]: true });
  };
  if (message.record && job.data.postedTs) {
    const { as, id } = message.record;
    const recorder = recorders[as];
    if (!recorder) throw new Error(`no recorder "${as}" for a posted message`);
    const ts = job.data.postedTs;
    await once('recorded', () => recorder(id, { channel: message.channel, ts }));
  }
  if (message.image) {
    const { filename, title, altText, pngBase64 } = message.image;
    await once('imagePosted', () => upload({ filename, title, alt_text: altText, file: Buffer.from(pngBase64, 'base64') }, message.threadTs));
  }
  const threadTs = job.data.postedTs;
  if (message.thread && threadTs) {
    const t = message.thread;
    await once('threadPosted', () => client.chat.postMessage({ channel: message.channel, thread_ts: threadTs, text: t.text, blocks: t.blocks, unfurl_links: false, unfurl_media: false }));
    if (t.csv) await once('threadCsvPosted', () => upload({ filename: t.csv!.filename, title: t.csv!.title, content: t.csv!.content }, threadTs));
  }
  // The last part: a failure here retries it alone.
  if (message.csv) await upload({ filename: message.csv.filename, title: message.csv.title, content: message.csv.content }, message.threadTs);
  if (message.directFile) await uploadToDirectMessage(client, message.directFile, deps.buildFile);
  // Delivered: the completed job, kept a week for its id, keeps no file (a finance CSV, a chart).
  if (message.csv || message.image || message.thread?.csv) await job.updateData(withoutFileContent(job.data));
}

/** Builds the named file now and uploads it to `user`'s direct message with the bot, the only place it is shared. */
async function uploadToDirectMessage(client: webApi.WebClient, { user, file }: NonNullable<OutboxMessage['directFile']>, buildFile: OutboxWorkerDeps['buildFile']): Promise<void> {
  if (!buildFile) throw new Error(`no file builder for the direct file ${commandFileName(file)}`);
  // files.completeUploadExternal takes a conversation id, not a user id: conversations.open gives
  // the DM's (the same one each time), which needs the im:write scope.
  const opened = await client.conversations.open({ users: user });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`conversations.open gave no channel for ${user}`);
  const csv = await buildFile(file);
  await client.filesUploadV2({ channel_id: channel, filename: csv.filename, title: csv.title, content: csv.content });
}
