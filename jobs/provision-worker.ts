import { Worker, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { DoClient } from '../src/digitalocean/client.js';
import { AccountClients } from '../src/digitalocean/account-clients.js';
import { getSaga } from '../src/saga/saga-service.js';
import { forQueue } from './permanent-job-error.js';
import { runSaga, type SagaObserver } from '../src/saga/engine.js';
import { stepKind } from '../src/saga/steps/index.js';
import type { ResourceKind } from '../models/resource.js';
import type { SagaDoc } from '../models/saga.js';
import { enqueueSyncs } from './enqueue-sync.js';
import { MAX_STALLED_TAKEOVERS, QUEUE_NAMES, type JobPayloads, type ProvisionJob, type QueueSettings } from './queues.js';

export interface ProvisionWorkerDeps {
  queue: QueueSettings;
  config: Config;
  /** The DO teams' clients (one client: the single `default` team); a saga runs with its own team's. */
  client: DoClient | AccountClients;
  log: Logger;
  /** Where created (or removed) resources are synced into the inventory at once. */
  syncQueue?: Queue<JobPayloads['sync']>;
  observer?: SagaObserver;
}

/** Adds the job that drives a saga; its id names the phase, so a second add while one runs is a no-op. */
export async function enqueueSaga(queue: Queue<ProvisionJob>, saga: Pick<SagaDoc, 'sagaId' | 'status'>): Promise<void> {
  await queue.add(
    'saga',
    { sagaId: saga.sagaId },
    {
      jobId: `saga-${saga.sagaId}-${saga.status}`,
      // The saga's own state, not the job, records failures; a job retry covers MongoDB or Redis hiccups.
      attempts: 3,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: { age: 7 * 86_400 },
      removeOnFail: { age: 30 * 86_400 },
    },
  );
}

/** The provision worker: one job drives one saga phase to its end, resuming from MongoDB after a crash. */
export function createProvisionWorker(deps: ProvisionWorkerDeps): Worker<ProvisionJob, string> {
  const accounts = AccountClients.from(deps.client);
  const worker = new Worker<ProvisionJob, string>(
    QUEUE_NAMES.provision,
    async (job) => {
      // The team the saga was planned in; one no longer configured fails the job at once, saying so.
      const { account } = await getSaga(job.data.sagaId);
      let client: DoClient;
      try {
        client = accounts.client(account);
      } catch (err) {
        throw forQueue(err);
      }
      const saga = await runSaga(job.data.sagaId, { client, config: deps.config, log: deps.log, observer: deps.observer });
      if (deps.syncQueue) await syncTouchedKinds(deps.syncQueue, saga, deps.config);
      return saga.status;
    },
    {
      ...deps.queue,
      concurrency: 4,
      lockDuration: deps.config.ARCADIA_JOB_LOCK_MS,
      stalledInterval: deps.config.ARCADIA_JOB_LOCK_MS,
      // A saga resumes from its stored state, so a takeover costs nothing but time.
      maxStalledCount: MAX_STALLED_TAKEOVERS,
    },
  );
  worker.on('error', (err) => deps.log.error({ err: err.message }, 'provision worker error'));
  return worker;
}

/** The inventory learns of what the saga made or removed now, not at the next cron tick. */
async function syncTouchedKinds(queue: Queue<JobPayloads['sync']>, saga: SagaDoc, config: Config): Promise<void> {
  const kinds = new Set<ResourceKind>();
  for (const step of saga.steps) if (step.status !== 'pending') for (const k of stepKind(step.kind).inventoryKinds) kinds.add(k);
  await enqueueSyncs(
    queue,
    [...kinds],
    () => ({ account: saga.account, attempts: config.ARCADIA_SYNC_ATTEMPTS, retryDelayMs: config.ARCADIA_SYNC_RETRY_DELAY_MS }),
    config.ARCADIA_SYNC_FOLLOW_WAIT_MS,
  );
}
