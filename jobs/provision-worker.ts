import { UnrecoverableError, Worker, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { DoClient } from '../src/digitalocean/client.js';
import { AccountClients } from '../src/digitalocean/account-clients.js';
import { explainError } from '../src/errors.js';
import { jobLogger } from '../src/logger.js';
import { getSaga } from '../src/saga/saga-service.js';
import { forQueue, jobFailureCause } from './permanent-job-error.js';
import { runSaga, type SagaObserver } from '../src/saga/engine.js';
import { touchedKinds } from '../src/saga/touched-kinds.js';
import type { SagaDoc } from '../models/saga.js';
import { requestSync } from '../src/sync/request-sync.js';
import {
  MAX_STALLED_TAKEOVERS,
  QUEUE_NAMES,
  type JobPayloads,
  type ProvisionJob,
  type QueueSettings,
} from './queues.js';

export interface ProvisionWorkerDeps {
  queue: QueueSettings;
  config: Config;
  /** The DO teams' clients (one client: the single `default` team); a saga runs with its own team's. */
  client: DoClient | AccountClients;
  log: Logger;
  /** Where created (or removed) resources are synced into the inventory at once. */
  syncQueue?: Queue<JobPayloads['sync']>;
  observer?: ProvisionObserver;
}

/** The saga observer, and who hears of a saga whose job failed for good (its state unfinished, a re-drive to come). */
export interface ProvisionObserver extends SagaObserver {
  /** `saga` is null when it could not be read (MongoDB down); `sentence` says why the job failed. */
  onJobFailed?(failure: { sagaId: string; jobId: string; saga: SagaDoc | null; sentence: string }): Promise<void>;
}

/** The provision worker: one job drives one saga phase to its end, resuming from MongoDB after a crash. */
export function createProvisionWorker(deps: ProvisionWorkerDeps): Worker<ProvisionJob, string> {
  const accounts = AccountClients.from(deps.client);
  const worker = new Worker<ProvisionJob, string>(
    QUEUE_NAMES.provision,
    async (job) => {
      const log = jobLogger(deps.log, job);
      // The team the saga was planned in; one no longer configured fails the job at once, saying so.
      const { account } = await getSaga(job.data.sagaId);
      let client: DoClient;
      try {
        client = accounts.client(account);
      } catch (err) {
        throw forQueue(err);
      }
      const saga = await runSaga(job.data.sagaId, {
        client,
        config: deps.config,
        log,
        observer: deps.observer,
      });
      if (deps.syncQueue) await syncTouchedKinds(deps.syncQueue, saga, deps.config);
      return saga.status;
    },
    {
      ...deps.queue,
      concurrency: deps.config.ARCADIA_PROVISION_CONCURRENCY,
      lockDuration: deps.config.ARCADIA_JOB_LOCK_MS,
      stalledInterval: deps.config.ARCADIA_JOB_LOCK_MS,
      // A saga resumes from its stored state, so a takeover costs nothing but time.
      maxStalledCount: MAX_STALLED_TAKEOVERS,
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    const log = jobLogger(deps.log, job);
    log.warn(
      { sagaId: job.data.sagaId, attempt: job.attemptsMade, final, err: err.message },
      'provision job attempt failed',
    );
    if (!final) return;
    const { sagaId } = job.data;
    const { sentence } = explainError(jobFailureCause(err), log, "It hit an error on Arcadia's side", {
      sagaId,
      jobId: job.id,
    });
    void (async () => {
      // The saga's state says what it created; the cause may be MongoDB itself, and the alert goes all the same.
      const saga = await getSaga(sagaId).catch(() => null);
      await deps.observer?.onJobFailed?.({ sagaId, jobId: String(job.id), saga, sentence });
    })().catch((e: unknown) => log.error({ err: e, sagaId }, 'could not report the failed provision job'));
  });
  worker.on('error', (err) => deps.log.error({ err: err.message }, 'provision worker error'));
  return worker;
}

/** The inventory learns of what the saga made or removed now, not at the next cron tick. */
async function syncTouchedKinds(queue: Queue<JobPayloads['sync']>, saga: SagaDoc, config: Config): Promise<void> {
  await requestSync({ kinds: touchedKinds(saga), account: saga.account }, { queue, config });
}
