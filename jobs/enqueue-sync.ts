import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import type { JobPayloads } from './queues.js';
import type { ResourceKind } from '../models/resource.js';
import { DEFAULTS } from '../src/config.js';

export type SyncJob = Job<JobPayloads['sync']>;

export interface EnqueueSyncOptions {
  /** Deterministic id (e.g. from a schedule tick) so several instances add one job. */
  jobId?: string;
  force?: boolean;
  replyTo?: JobPayloads['sync']['replyTo'];
  /** Attempts before the run is given up. @defaultValue ARCADIA_SYNC_ATTEMPTS's default */
  attempts?: number;
  /** First retry delay, doubled each time. @defaultValue ARCADIA_SYNC_RETRY_DELAY_MS's default */
  retryDelayMs?: number;
}

/**
 * Adds a sync of one kind. BullMQ deduplication keyed on the kind means that while a sync of a
 * kind is waiting or running, another request for it joins that job instead of starting a second.
 */
export async function enqueueSync(queue: Queue<JobPayloads['sync']>, kind: ResourceKind, options: EnqueueSyncOptions = {}): Promise<SyncJob> {
  return queue.add(
    'sync',
    { kind, force: options.force, replyTo: options.replyTo },
    {
      jobId: options.jobId ?? `sync-${kind}-${randomUUID()}`,
      deduplication: { id: `sync-${kind}` },
      // A DO outage gets a few minutes to clear before the run is given up.
      attempts: options.attempts ?? DEFAULTS.ARCADIA_SYNC_ATTEMPTS,
      backoff: { type: 'exponential', delay: options.retryDelayMs ?? DEFAULTS.ARCADIA_SYNC_RETRY_DELAY_MS },
      removeOnComplete: { age: 7 * 86_400, count: 5_000 },
      removeOnFail: { age: 30 * 86_400 },
    },
  );
}

/** Enqueues several kinds, one add at a time (parallel adds on one Queue pile up listeners for nothing). */
export async function enqueueSyncs(
  queue: Queue<JobPayloads['sync']>,
  kinds: readonly ResourceKind[],
  options: (kind: ResourceKind) => EnqueueSyncOptions = () => ({}),
): Promise<SyncJob[]> {
  const jobs: SyncJob[] = [];
  for (const kind of kinds) jobs.push(await enqueueSync(queue, kind, options(kind)));
  return jobs;
}
