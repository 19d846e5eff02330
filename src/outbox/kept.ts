import type { Job, Queue } from 'bullmq';
import { channelOf, fileNameOf, threadOf, type OutboxJob } from './message.js';
import { upgradeJob, type LegacyOutboxJob } from './upgrade.js';

/** An undeliverable message kept in the outbox's failed set, as `arcadia outbox list` shows it. */
export interface KeptMessage {
  id: string;
  label: string;
  channel: string;
  threadTs: string | null;
  /** What the last attempt got back, e.g. "An API error occurred: channel_not_found". */
  error: string;
  attempts: number;
  queuedAt: string;
  failedAt: string | null;
  text: string;
  /** Already posted: only its files or thread are still to go. */
  posted: boolean;
  csv: string | null;
}

/** Kept messages, oldest first: the order they were meant to be posted in. */
async function keptJobs(queue: Queue<OutboxJob>): Promise<Job<OutboxJob>[]> {
  const jobs = await queue.getFailed(0, -1);
  return jobs.sort((a, b) => a.timestamp - b.timestamp);
}

export async function listKept(queue: Queue<OutboxJob>): Promise<KeptMessage[]> {
  return (await keptJobs(queue)).map((job) => {
    // Kept before an upgrade, it may be in the old shape.
    const { message, done } = upgradeJob(job.data as OutboxJob | LegacyOutboxJob);
    return {
      id: String(job.id),
      label: message.label,
      channel: channelOf(message.target),
      threadTs: threadOf(message.target) ?? null,
      error: job.failedReason,
      attempts: job.attemptsMade,
      queuedAt: new Date(job.timestamp).toISOString(),
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      text: message.text,
      posted: done.includes('message'),
      csv: fileNameOf(message) ?? null,
    };
  });
}

/**
 * Moves kept messages (all, or those with the given ids) back to waiting, oldest first, with a
 * fresh set of attempts, for when the cause (a missing invite, a revoked token) has been fixed.
 * Returns the ids moved; one retried or removed meanwhile by someone else is skipped.
 */
export async function retryKept(queue: Queue<OutboxJob>, ids?: readonly string[]): Promise<string[]> {
  const wanted = ids?.length ? new Set(ids) : undefined;
  const moved: string[] = [];
  for (const job of await keptJobs(queue)) {
    if (wanted && !wanted.has(String(job.id))) continue;
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      moved.push(String(job.id));
    } catch {
      // No longer in the failed set: another `outbox retry` got there first, or it was removed.
    }
  }
  return moved;
}
