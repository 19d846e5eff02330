import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { JOB_DEFAULTS, retries } from './job-defaults.js';
import type { JobPayloads } from './queues.js';
import type { ResourceKind } from '../models/resource.js';
import { DEFAULTS, type Config } from '../src/config.js';
import { findKindSpec } from '../src/sync/kinds/index.js';
import { DEFAULT_ACCOUNT } from '../src/digitalocean/accounts.js';

export type SyncJob = Job<JobPayloads['sync']>;

export interface EnqueueSyncOptions {
  /** The DO team to list. @defaultValue the worker's first account */
  account?: string;
  /** Deterministic id (e.g. from a schedule tick) so several instances add one job. */
  jobId?: string;
  force?: boolean;
  replyTo?: JobPayloads['sync']['replyTo'];
  /** Attempts before the run is given up. @defaultValue ARCADIA_SYNC_ATTEMPTS's default */
  attempts?: number;
  /** First retry delay, doubled each time. @defaultValue ARCADIA_SYNC_RETRY_DELAY_MS's default */
  retryDelayMs?: number;
  /** Held back this long unless released sooner by the run of the kind it follows. */
  holdMs?: number;
  /** Job ids to release when this run ends. */
  then?: string[];
}

/** A deployment's own sync attempts and first retry delay (ARCADIA_SYNC_ATTEMPTS, ARCADIA_SYNC_RETRY_DELAY_MS), as options. */
export function syncRetries(
  config: Pick<Config, 'ARCADIA_SYNC_ATTEMPTS' | 'ARCADIA_SYNC_RETRY_DELAY_MS'>,
): Pick<EnqueueSyncOptions, 'attempts' | 'retryDelayMs'> {
  return { attempts: config.ARCADIA_SYNC_ATTEMPTS, retryDelayMs: config.ARCADIA_SYNC_RETRY_DELAY_MS };
}

/**
 * What a sync job is about in its ids: the kind, qualified by its account unless that is the default
 * one (so a single-team deployment's job ids stay as they were). BullMQ ids may not contain ':'.
 */
export function syncSubject(kind: string, account: string | undefined): string {
  return account === undefined || account === DEFAULT_ACCOUNT ? kind : `${kind}@${account}`;
}

/**
 * Adds a sync of one kind. BullMQ deduplication keyed on the kind means that while a sync of a
 * kind is waiting or running, another request for it joins that job instead of starting a second.
 */
export async function enqueueSync(
  queue: Queue<JobPayloads['sync']>,
  kind: ResourceKind,
  options: EnqueueSyncOptions = {},
): Promise<SyncJob> {
  const subject = syncSubject(kind, options.account);
  return queue.add(
    'sync',
    {
      kind,
      ...(options.account ? { account: options.account } : {}),
      force: options.force,
      replyTo: options.replyTo,
      ...(options.then?.length ? { then: options.then } : {}),
    },
    {
      ...JOB_DEFAULTS.cloudSync,
      ...(options.holdMs ? { delay: options.holdMs } : {}),
      jobId: options.jobId ?? `sync-${subject}-${randomUUID()}`,
      deduplication: { id: `sync-${subject}` },
      ...retries(
        options.attempts ?? JOB_DEFAULTS.cloudSync.attempts,
        options.retryDelayMs ?? JOB_DEFAULTS.cloudSync.backoff.delay,
      ),
    },
  );
}

/**
 * Enqueues several kinds, one add at a time (parallel adds on one Queue pile up listeners for nothing),
 * answering their jobs in the order asked. A kind that `follows` another one in the list (droplet
 * backups follow droplets) is added held back, and the kind it follows releases it when its run ends,
 * handing over that run so its listing is fetched once. Should that never happen (the followed kind's
 * job was already queued by someone else, without this follower), the follower starts once
 * `followWaitMs` is up and lists for itself.
 */
export async function enqueueSyncs(
  queue: Queue<JobPayloads['sync']>,
  kinds: readonly ResourceKind[],
  options: (kind: ResourceKind) => EnqueueSyncOptions = () => ({}),
  followWaitMs: number = DEFAULTS.ARCADIA_SYNC_FOLLOW_WAIT_MS,
): Promise<SyncJob[]> {
  const jobs = new Map<ResourceKind, SyncJob>();
  const followed = (kind: ResourceKind) => findKindSpec(kind)?.follows as ResourceKind | undefined;
  const followers = kinds.filter((kind) => {
    const upstream = followed(kind);
    return upstream !== undefined && kinds.includes(upstream);
  });
  for (const kind of followers)
    jobs.set(kind, await enqueueSync(queue, kind, { ...options(kind), holdMs: followWaitMs }));
  for (const kind of kinds) {
    if (jobs.has(kind)) continue;
    const then = followers.filter((f) => followed(f) === kind).map((f) => String(jobs.get(f)!.id));
    jobs.set(kind, await enqueueSync(queue, kind, { ...options(kind), then }));
  }
  return kinds.map((kind) => jobs.get(kind)!);
}
