import type { CommandFile, DeliveryPart, OutboxJob, OutboxMessage, OutboxTarget } from './message.js';

/**
 * A job as stored before messages had a `target` and jobs a `done` list: the delivery mode was
 * whichever optional field was set, and each part done a flag of its own.
 */
export interface LegacyOutboxJob {
  /** The message's content was as today; only where it went was told by these fields. */
  message: Omit<OutboxMessage, 'target'> & {
    channel: string;
    threadTs?: string;
    ephemeralUser?: string;
    updateTs?: string;
    responseUrl?: string;
    directFile?: { user: string; file: CommandFile };
  };
  posted?: boolean;
  postedTs?: string;
  imagePosted?: boolean;
  threadPosted?: boolean;
  threadCsvPosted?: boolean;
  recorded?: boolean;
}

/** Each old flag and the part it stood for. */
const LEGACY_FLAGS: [keyof LegacyOutboxJob, DeliveryPart][] = [
  ['posted', 'message'],
  ['recorded', 'record'],
  ['imagePosted', 'image'],
  ['threadPosted', 'thread'],
  ['threadCsvPosted', 'thread-csv'],
];

/** The old fields' precedence, as the old worker read them. */
function legacyTarget(m: LegacyOutboxJob['message']): OutboxTarget {
  if (m.directFile) return { to: 'direct-file', user: m.directFile.user, file: m.directFile.file };
  if (m.responseUrl)
    return {
      to: 'response-url',
      url: m.responseUrl,
      channel: m.channel,
      threadTs: m.threadTs,
      ...(m.ephemeralUser ? { ephemeral: true } : {}),
    };
  if (m.updateTs) return { to: 'update', channel: m.channel, ts: m.updateTs, threadTs: m.threadTs };
  if (m.ephemeralUser) return { to: 'ephemeral', channel: m.channel, user: m.ephemeralUser, threadTs: m.threadTs };
  return { to: 'channel', channel: m.channel, threadTs: m.threadTs };
}

/**
 * A stored job in the current shape: jobs queued before an upgrade are still in Redis in the old
 * one, and must be delivered (resuming where they were) rather than lost.
 */
export function upgradeJob(data: OutboxJob | LegacyOutboxJob): OutboxJob {
  if ('target' in data.message) return data as OutboxJob;
  const legacy = data as LegacyOutboxJob;
  const {
    channel: _channel,
    threadTs: _threadTs,
    ephemeralUser: _ephemeralUser,
    updateTs: _updateTs,
    responseUrl: _responseUrl,
    directFile: _directFile,
    ...content
  } = legacy.message;
  return {
    message: { ...content, target: legacyTarget(legacy.message) },
    done: LEGACY_FLAGS.filter(([flag]) => legacy[flag]).map(([, part]) => part),
    ...(legacy.postedTs ? { postedTs: legacy.postedTs } : {}),
  };
}
