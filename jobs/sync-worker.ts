import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { DoClient } from '../src/digitalocean/client.js';
import { AccountClients } from '../src/digitalocean/account-clients.js';
import { explainError } from '../src/errors.js';
import { jobLogger } from '../src/logger.js';
import { runSync, type SyncResult } from '../src/sync/engine.js';
import { kindSpec } from '../src/sync/kinds/index.js';
import { forQueue, jobFailureCause } from './permanent-job-error.js';
import { enqueueWasteDetection } from './enqueue-waste-detection.js';
import { MAX_STALLED_TAKEOVERS, QUEUE_NAMES, wasteQueue, type JobPayloads, type QueueSettings } from './queues.js';

export interface SyncWorkerDeps {
  queue: QueueSettings;
  config: Config;
  /**
   * The DO client of each watched team (one client: the single `default` team); each run gets a
   * child of its account's client, with its own call counter and the account's rate budget.
   */
  client: DoClient | AccountClients;
  log: Logger;
  /** Called after every finished run (success or suspicious), e.g. to post stale alerts. */
  afterRun?: (result: SyncResult, job: { data: JobPayloads['sync'] }) => Promise<void>;
  /** Called when a run fails for good (its retries are used up, or it cannot succeed): `sentence` is what people are told. */
  afterFailure?: (kind: string, sentence: string, job: { data: JobPayloads['sync'] }) => Promise<void>;
}

/**
 * The sync worker: one job is one kind. The run id is the job id, so a retried or
 * stalled-and-recovered job completes the same SyncRun rather than starting another.
 */
export function createSyncWorker(deps: SyncWorkerDeps): Worker<JobPayloads['sync'], SyncResult> {
  let followerQueue: Queue<JobPayloads['sync']> | undefined;
  let wastes: Queue<JobPayloads['wasteDetect']> | undefined;
  const accounts = AccountClients.from(deps.client);
  /**
   * Starts the held-back syncs that read this run's listing. A succeeded run hands itself over; after a
   * failed or suspicious one they start all the same, without it, and list for themselves.
   */
  async function release(ids: readonly string[] | undefined, upstreamRunId: string | undefined): Promise<void> {
    if (!ids?.length) return;
    followerQueue ??= new Queue<JobPayloads['sync']>(QUEUE_NAMES.cloudSync, deps.queue);
    for (const id of ids) {
      const follower = await Job.fromId<JobPayloads['sync']>(followerQueue, id);
      if (!follower || !(await follower.isDelayed())) continue;
      await follower.updateData({ ...follower.data, upstreamRunId });
      await follower.promote();
    }
  }
  const worker = new Worker<JobPayloads['sync'], SyncResult>(
    QUEUE_NAMES.cloudSync,
    async (job) => {
      const log = jobLogger(deps.log, job);
      const account = job.data.account ?? accounts.primaryName;
      // An account removed from the configuration fails its queued jobs at once, saying which.
      let client: DoClient;
      try {
        client = accounts.client(account);
      } catch (err) {
        throw forQueue(err);
      }
      const result = await runSync({
        spec: kindSpec(job.data.kind),
        client: client.child(),
        account,
        config: deps.config,
        runId: String(job.id),
        attempt: job.attemptsMade + 1,
        force: job.data.force,
        upstreamRunId: job.data.upstreamRunId,
        log,
      }).catch((err: unknown) => {
        // A refused token fails the job at once; outages are retried.
        throw forQueue(err);
      });
      await release(job.data.then, result.status === 'succeeded' ? result.runId : undefined);
      // Waste is judged on a complete listing only: a failed or held-back run proves nothing. The
      // rules run in a job of their own (jobs/waste-worker.ts), after this result.
      if (result.status === 'succeeded') {
        wastes ??= wasteQueue(deps.queue);
        await enqueueWasteDetection(wastes, { kind: job.data.kind, account }).catch((err: unknown) =>
          log.error({ err, kind: result.kind }, 'could not queue waste detection'),
        );
      }
      await deps.afterRun?.(result, job).catch((err: unknown) => log.error({ err }, 'after-run hook failed'));
      return result;
    },
    {
      ...deps.queue,
      concurrency: deps.config.ARCADIA_SYNC_CONCURRENCY,
      // A worker killed mid-job stops renewing its lock; after this long the stalled-job check
      // hands the job to another worker, which finishes the same run (same job id = same run id).
      lockDuration: deps.config.ARCADIA_JOB_LOCK_MS,
      stalledInterval: deps.config.ARCADIA_JOB_LOCK_MS,
      // BullMQ fails a job that stalls more than once. A run is safe to take over any number of
      // times (it records what an uninterrupted run would), so a worker dying twice, or a lock
      // lost to a starved event loop, costs a takeover rather than the run.
      maxStalledCount: MAX_STALLED_TAKEOVERS,
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    const log = jobLogger(deps.log, job);
    log.warn({ kind: job.data.kind, attempt: job.attemptsMade, final, err: err.message }, 'sync attempt failed');
    if (!final) return;
    void release(job.data.then, undefined).catch((e: unknown) =>
      log.error({ err: e }, 'releasing the kinds that follow failed'),
    );
    const { sentence } = explainError(jobFailureCause(err), log, `The sync of ${job.data.kind} failed`, {
      kind: job.data.kind,
      jobId: job.id,
    });
    void deps
      .afterFailure?.(job.data.kind, sentence, job)
      .catch((e: unknown) => log.error({ err: e }, 'failure hook failed'));
  });
  worker.on('error', (err) => deps.log.error({ err: err.message }, 'sync worker error'));
  worker.on('closed', () => {
    void followerQueue?.close();
    void wastes?.close();
  });
  return worker;
}
