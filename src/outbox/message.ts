/**
 * The Slack outbox's queue side (this folder): the message and where it goes, the producer with its
 * per-channel pacing, and the kept (undeliverable) messages. No Slack client and no rendering: the
 * CLI reads and re-drives kept messages through it, and src/slack/outbox/ delivers.
 */
import type { types } from '@slack/bolt';

/** A Block Kit block, as Slack's own types define it. */
export type Block = types.KnownBlock;

/** A CSV offered next to a message whose list had to be cut short. */
export interface CsvAttachment {
  filename: string;
  title: string;
  content: string;
}

/** An image uploaded next to a message (a chart); base64 so it travels through the queue as JSON. */
export interface ImageAttachment {
  filename: string;
  title: string;
  altText: string;
  pngBase64: string;
}

/**
 * The full list behind a `/cloud` reply, named by what it is rather than carried: a queued job holds
 * these few fields, and the CSV is built from MongoDB when it is delivered, to the asker alone
 * (src/slack/command-files.ts builds it).
 */
export type CommandFile =
  | { of: 'stale'; kind?: string }
  | { of: 'find'; term: string }
  | { of: 'waste' }
  | { of: 'unmatched'; period: string }
  /** `period` as asked (`YYYY-MM` or `current`), so a month-to-date statement is built the same way. */
  | { of: 'statement'; tenant: string; period: string };

/** A file's name, known without building it (for logs and `arcadia outbox list`). */
export function commandFileName(file: CommandFile): string {
  switch (file.of) {
    case 'stale':
      return 'stale-resources.csv';
    case 'find':
      return 'find-results.csv';
    case 'waste':
      return 'waste.csv';
    case 'unmatched':
      return `unmatched-${file.period}.csv`;
    case 'statement':
      return `statement-${file.tenant}-${file.period}.csv`;
  }
}

/**
 * Where a message goes, one way each. All but `direct-file` name a conversation (`channel`), where
 * the message's own CSV and image are uploaded too (in `threadTs` when given).
 */
export type OutboxTarget =
  /** Posted with chat.postMessage: the only way that gives a ts, so a `thread` and a `record` need it. */
  | { to: 'channel'; channel: string; threadTs?: string }
  /** Shown to `user` alone (chat.postEphemeral). */
  | { to: 'ephemeral'; channel: string; user: string; threadTs?: string }
  /** Replaces the message `ts` (chat.update): a decided approval loses its buttons. */
  | { to: 'update'; channel: string; ts: string; threadTs?: string }
  /** The answer to a slash command, through its response_url; `ephemeral` shows it to the asker alone. */
  | { to: 'response-url'; url: string; channel: string; threadTs?: string; ephemeral?: boolean }
  /**
   * A file for one person: built by the worker's `buildFile` when delivered (the job holds only what
   * names it) and uploaded to their direct message with the bot. The message has no text of its own.
   */
  | { to: 'direct-file'; user: string; file: CommandFile };

/** A message on its way to Slack, and where it goes. */
export interface OutboxMessage {
  target: OutboxTarget;
  /** A builder's escaped `fallbackText`, or '' for a message that is only a file. */
  text: string;
  blocks: Block[];
  /** The full list when the blocks only hold part of it, uploaded after the message. */
  csv?: CsvAttachment;
  image?: ImageAttachment;
  /** What the message is, for logs: "stale-alert", "upload-summary"... */
  label: string;
  /** Details posted in the message's own thread once it is posted (a long list, and the CSV with it). */
  thread?: { text: string; blocks: Block[]; csv?: CsvAttachment };
  /**
   * Once posted, tell the worker's recorder `as` where the message is (channel and ts) for `id`: a
   * saga's approval request is recorded so a decision made elsewhere can update it in place.
   */
  record?: { as: string; id: string };
}

/**
 * The parts of a delivery, in the order they go out. A job records each one done, so a retry
 * resumes after the last one that went out and posts nothing twice.
 */
export const DELIVERY_PARTS = ['message', 'record', 'image', 'thread', 'thread-csv', 'csv', 'direct-file'] as const;
export type DeliveryPart = (typeof DELIVERY_PARTS)[number];

export interface OutboxJob {
  message: OutboxMessage;
  /** The parts delivered so far. */
  done: DeliveryPart[];
  /** The posted message's ts, for its thread and its record. */
  postedTs?: string;
}

/** The conversation a message is about, for logs and `arcadia outbox list`: the person, for a direct file. */
export function channelOf(target: OutboxTarget): string {
  return target.to === 'direct-file' ? target.user : target.channel;
}

/** The thread a message goes to, if any. */
export function threadOf(target: OutboxTarget): string | undefined {
  return target.to === 'direct-file' ? undefined : target.threadTs;
}

/** The name of the file a message carries or names, for logs and `arcadia outbox list`. */
export function fileNameOf(message: OutboxMessage): string | undefined {
  return (
    message.csv?.filename ?? (message.target.to === 'direct-file' ? commandFileName(message.target.file) : undefined)
  );
}

/** Where a reply goes: through the slash command's response_url when there is one, else to the channel (its thread). */
export function replyTarget(to: { channel: string; threadTs?: string; responseUrl?: string }): OutboxTarget {
  return to.responseUrl
    ? { to: 'response-url', url: to.responseUrl, channel: to.channel, threadTs: to.threadTs }
    : { to: 'channel', channel: to.channel, threadTs: to.threadTs };
}
