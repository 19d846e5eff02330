import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { DoClient } from '../src/digitalocean/client.js';
import { AccountClients } from '../src/digitalocean/account-clients.js';
import { jobLogger } from '../src/logger.js';
import { currentPriceBook } from '../src/pricing/price-book.js';
import { detectWaste, type Finding } from '../src/waste/detect-waste.js';
import { MAX_STALLED_TAKEOVERS, QUEUE_NAMES, type JobPayloads, type QueueSettings } from './queues.js';

export interface WasteWorkerDeps {
  queue: QueueSettings;
  config: Config;
  /** Prices the findings (DO's size list); one client: the single `default` team. */
  client: DoClient | AccountClients;
  log: Logger;
}

/**
 * The waste_detect worker: one job runs the rules reading one kind over the stored inventory and
 * stores what they find. It is a job of its own, not part of the sync's, so a sync's result (and
 * the Slack reply waiting for it) does not wait for the rules to read the whole kind again; one job
 * at a time keeps two detections of overlapping rules from resolving each other's findings.
 */
export function createWasteWorker(deps: WasteWorkerDeps): Worker<JobPayloads['wasteDetect'], number> {
  const accounts = AccountClients.from(deps.client);
  const worker = new Worker<JobPayloads['wasteDetect'], number>(
    QUEUE_NAMES.wasteDetect,
    async (job) => {
      // BullMQ keeps a deduplication key until the job ends; what this run reads was stored before
      // it started, so a sync finishing from now on must queue another run.
      await job.removeDeduplicationKey();
      // DO's prices are the same for every team: a team since removed from the configuration prices with the first.
      const client =
        job.data.account && accounts.names.includes(job.data.account)
          ? accounts.client(job.data.account)
          : accounts.primary;
      const findings: Finding[] = await detectWaste({
        config: deps.config,
        prices: await currentPriceBook(client.child()),
        kinds: [job.data.kind],
      });
      jobLogger(deps.log, job).info({ kind: job.data.kind, findings: findings.length }, 'waste rules ran');
      return findings.length;
    },
    {
      ...deps.queue,
      concurrency: 1,
      lockDuration: deps.config.ARCADIA_JOB_LOCK_MS,
      stalledInterval: deps.config.ARCADIA_JOB_LOCK_MS,
      maxStalledCount: MAX_STALLED_TAKEOVERS,
    },
  );
  worker.on('error', (err) => deps.log.error({ err: err.message }, 'waste worker error'));
  return worker;
}
