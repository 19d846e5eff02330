import type { Job } from 'bullmq';
import { webApi } from '@slack/bolt';
import {
  commandFileName,
  DELIVERY_PARTS,
  type CommandFile,
  type CsvAttachment,
  type DeliveryPart,
  type OutboxJob,
  type OutboxMessage,
  type OutboxTarget,
} from '../../outbox/message.js';
import { upgradeJob, type LegacyOutboxJob } from '../../outbox/upgrade.js';
import { PermanentDeliveryError } from './errors.js';
import { postToResponseUrl, RESPONSE_URL_LIFETIME_MS } from '../response-url.js';

/** Told where a posted message landed; a failure retries it alone (the message is not posted again). */
export type PostedRecorder = (id: string, where: { channel: string; ts: string }) => Promise<void>;

export interface DeliveryDeps {
  client: webApi.WebClient;
  /** The recorders messages name in `record`, by name. */
  recorders?: Record<string, PostedRecorder>;
  /** Builds the file a `direct-file` target names (src/slack/command-files.ts), from what is stored at delivery. */
  buildFile?: (file: CommandFile) => Promise<CsvAttachment>;
}

/** What a part is handed: the message, the posted message's ts once there is one, and the Slack client. */
interface PartContext {
  message: OutboxMessage;
  postedTs: string | undefined;
  /** Job creation time: a response_url lapses 30 minutes after the command that gave it. */
  queuedAt: number;
  deps: DeliveryDeps;
}

/** A part, or null when the message has none of it. It may return the ts of what it posted. */
type Part = (ctx: PartContext) => (() => Promise<string | void>) | null;

type ChannelTarget = Exclude<OutboxTarget, { to: 'direct-file' }>;

/** How the message itself goes out, for each kind of target: a target without one fails to compile. */
const POST: {
  [K in OutboxTarget['to']]:
    ((target: Extract<OutboxTarget, { to: K }>, ctx: PartContext) => Promise<string | void>) | null;
} = {
  channel: async (target, { message, deps }) => {
    const posted = await deps.client.chat.postMessage({
      channel: target.channel,
      text: message.text,
      blocks: message.blocks,
      thread_ts: target.threadTs,
      unfurl_links: false,
      unfurl_media: false,
    });
    return posted.ts;
  },
  ephemeral: async (target, { message, deps }) => {
    await deps.client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: message.text,
      blocks: message.blocks,
      thread_ts: target.threadTs,
    });
  },
  update: async (target, { message, deps }) => {
    await deps.client.chat.update({
      channel: target.channel,
      ts: target.ts,
      text: message.text,
      blocks: message.blocks,
    });
  },
  'response-url': async (target, { message, deps, queuedAt }) => {
    const deadline = queuedAt + RESPONSE_URL_LIFETIME_MS;
    if (Date.now() > deadline)
      throw new PermanentDeliveryError('response_url_expired', new Error('response_url is older than 30 minutes'));
    // One immediate retry on a fresh connection inside the attempt (a kept-alive socket closed
    // under us); the queue's backoff takes it from there.
    await postToResponseUrl(
      target.url,
      {
        response_type: target.ephemeral ? 'ephemeral' : 'in_channel',
        replace_original: false,
        text: message.text,
        blocks: message.blocks,
      },
      { attempts: 2, deadline, webApiUrl: deps.client.slackApiUrl },
    );
  },
  // Only a file: nothing is posted first.
  'direct-file': null,
};

/** A file to the target's conversation, in a thread when there is one. */
function upload(
  client: webApi.WebClient,
  channel: string,
  file: { filename: string; title: string } & ({ content: string } | { file: Buffer; alt_text: string }),
  threadTs?: string,
) {
  return client.filesUploadV2(
    (threadTs
      ? { ...file, channel_id: channel, thread_ts: threadTs }
      : { ...file, channel_id: channel }) as webApi.FilesUploadV2Arguments,
  );
}

const inConversation = (target: OutboxTarget): ChannelTarget | null => (target.to === 'direct-file' ? null : target);

/** Every part a delivery may have, by name, in the order of DELIVERY_PARTS. */
export const PARTS: Record<DeliveryPart, Part> = {
  // A message may be only a file (a command's full list): then there is nothing to post first.
  message: (ctx) => {
    const { target, text, blocks } = ctx.message;
    const post = POST[target.to] as ((t: OutboxTarget, c: PartContext) => Promise<string | void>) | null;
    return post && (text || blocks.length) ? () => post(target, ctx) : null;
  },
  record: ({ message, postedTs, deps }) => {
    const target = inConversation(message.target);
    if (!message.record || !postedTs || !target) return null;
    const { as, id } = message.record;
    return async () => {
      const recorder = deps.recorders?.[as];
      if (!recorder) throw new Error(`no recorder "${as}" for a posted message`);
      await recorder(id, { channel: target.channel, ts: postedTs });
    };
  },
  image: ({ message, deps }) => {
    const target = inConversation(message.target);
    if (!message.image || !target) return null;
    const { filename, title, altText, pngBase64 } = message.image;
    return async () =>
      void (await upload(
        deps.client,
        target.channel,
        { filename, title, alt_text: altText, file: Buffer.from(pngBase64, 'base64') },
        target.threadTs,
      ));
  },
  thread: ({ message, postedTs, deps }) => {
    const target = inConversation(message.target);
    const t = message.thread;
    if (!t || !postedTs || !target) return null;
    return async () =>
      void (await deps.client.chat.postMessage({
        channel: target.channel,
        thread_ts: postedTs,
        text: t.text,
        blocks: t.blocks,
        unfurl_links: false,
        unfurl_media: false,
      }));
  },
  'thread-csv': ({ message, postedTs, deps }) => {
    const target = inConversation(message.target);
    const csv = message.thread?.csv;
    if (!csv || !postedTs || !target) return null;
    return async () =>
      void (await upload(
        deps.client,
        target.channel,
        { filename: csv.filename, title: csv.title, content: csv.content },
        postedTs,
      ));
  },
  csv: ({ message, deps }) => {
    const target = inConversation(message.target);
    const { csv } = message;
    if (!csv || !target) return null;
    return async () =>
      void (await upload(
        deps.client,
        target.channel,
        { filename: csv.filename, title: csv.title, content: csv.content },
        target.threadTs,
      ));
  },
  'direct-file': ({ message, deps }) => {
    const { target } = message;
    return target.to === 'direct-file'
      ? () => uploadToDirectMessage(deps.client, target.user, target.file, deps.buildFile)
      : null;
  },
};

/**
 * Delivers a job's parts in order, skipping those done: each is recorded on the job once it is
 * out, so a retry after a later part's failure resumes there and posts nothing twice.
 */
export async function deliver(job: Job<OutboxJob>, deps: DeliveryDeps): Promise<void> {
  // A job queued before an upgrade is in the old shape: delivered as it would have been.
  let data = upgradeJob(job.data as OutboxJob | LegacyOutboxJob);
  for (const name of DELIVERY_PARTS) {
    if (data.done.includes(name)) continue;
    const part = PARTS[name]({ message: data.message, postedTs: data.postedTs, queuedAt: job.timestamp, deps });
    if (!part) continue;
    const ts = await part();
    data = { ...data, done: [...data.done, name], ...(ts ? { postedTs: ts } : {}) };
    await job.updateData(data);
  }
  // Delivered: the completed job, kept a week for its id, keeps no file (a finance CSV, a chart).
  const { message } = data;
  if (message.csv || message.image || message.thread?.csv) await job.updateData(withoutFileContent(data));
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

/** Builds the named file now and uploads it to `user`'s direct message with the bot, the only place it is shared. */
async function uploadToDirectMessage(
  client: webApi.WebClient,
  user: string,
  file: CommandFile,
  buildFile: DeliveryDeps['buildFile'],
): Promise<void> {
  if (!buildFile) throw new Error(`no file builder for the direct file ${commandFileName(file)}`);
  // files.completeUploadExternal takes a conversation id, not a user id: conversations.open gives
  // the DM's (the same one each time), which needs the im:write scope.
  const opened = await client.conversations.open({ users: user });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`conversations.open gave no channel for ${user}`);
  const csv = await buildFile(file);
  await client.filesUploadV2({ channel_id: channel, filename: csv.filename, title: csv.title, content: csv.content });
}
