/**
 * The Slack outbox's queue side: the message and where it goes, the producer with its per-channel
 * pacing, and the kept (undeliverable) messages. No Slack client and no rendering: the CLI reads
 * and re-drives kept messages through it, and src/slack/outbox/ delivers.
 */
export * from './message.js';
export { SlackOutbox, directFileMessage, outboxQueue, runtimeOutbox, type OutboxOptions } from './producer.js';
export { listKept, retryKept, type KeptMessage } from './kept.js';
export { upgradeJob, type LegacyOutboxJob } from './upgrade.js';
