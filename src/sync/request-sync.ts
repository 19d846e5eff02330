import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Config } from '../config.js';
import { checkAccount, doAccounts, jobAccounts } from '../digitalocean/accounts.js';
import type { ResourceKind } from '../../models/resource.js';
import type { JobPayloads, ReplyTo } from '../../jobs/queues.js';
import { enqueueSyncs, syncRetries, syncSubject, type SyncJob } from '../../jobs/enqueue-sync.js';

export interface SyncRequest {
  kinds: readonly ResourceKind[];
  /** One DO team, as a person named it (checked against the configuration); every team when absent. */
  account?: string;
  force?: boolean;
  replyTo?: ReplyTo;
  /**
   * Where the request comes from, in its job ids (`sync-droplet-slack-…`). Each job gets an id of the
   * request's own, so a kind already syncing (BullMQ hands back the running job) is told apart.
   */
  origin?: string;
  /** Ids of its own (a schedule tick's, the same in every instance), instead of fresh ones. */
  jobId?: (kind: ResourceKind, account: string | undefined) => string;
  /**
   * Who answers the asker once every run is done: told how many runs to wait for before the jobs
   * exist (so a kind that finishes at once is still counted), then how many joined a run already
   * under way, whose results go to whoever started it.
   */
  replies?: { expect(runs: number): Promise<void>; forget(runs: number): Promise<void> };
}

/** One run a request asked for: the job, and whether it is a run someone else had already started. */
export interface RequestedRun {
  kind: ResourceKind;
  /** As jobs name it: undefined for the single default team. */
  account: string | undefined;
  job: SyncJob;
  joined: boolean;
}

export interface SyncRequestDeps {
  queue: Queue<JobPayloads['sync']>;
  config: Pick<
    Config,
    | 'DIGITALOCEAN_TOKEN'
    | 'ARCADIA_DO_ACCOUNTS'
    | 'ARCADIA_SYNC_ATTEMPTS'
    | 'ARCADIA_SYNC_RETRY_DELAY_MS'
    | 'ARCADIA_SYNC_FOLLOW_WAIT_MS'
  >;
}

/** The teams a request runs for: the one named, else every configured team (none for the single default one). */
export function requestedAccounts(
  config: SyncRequestDeps['config'],
  named: string | undefined,
): (string | undefined)[] {
  return named !== undefined
    ? [
        checkAccount(
          doAccounts(config).map((a) => a.name),
          named,
        ),
      ]
    : jobAccounts(config);
}

/**
 * Requests a sync of `kinds` in each team asked, from whichever front end or job asks: the one place
 * sync jobs are enqueued with their options. A team's kinds are enqueued together, so kinds that
 * read another's listing (droplet backups) wait for its run.
 */
export async function requestSync(request: SyncRequest, deps: SyncRequestDeps): Promise<RequestedRun[]> {
  const { config } = deps;
  const accounts = requestedAccounts(config, request.account);
  await request.replies?.expect(request.kinds.length * accounts.length);
  const runs: RequestedRun[] = [];
  for (const account of accounts) {
    const ids = new Map(
      request.kinds.map((kind) => [
        kind,
        request.jobId?.(kind, account) ??
          `sync-${syncSubject(kind, account)}-${request.origin ? `${request.origin}-` : ''}${randomUUID()}`,
      ]),
    );
    const jobs = await enqueueSyncs(
      deps.queue,
      request.kinds,
      (kind) => ({
        account,
        jobId: ids.get(kind),
        force: request.force,
        replyTo: request.replyTo,
        ...syncRetries(config),
      }),
      config.ARCADIA_SYNC_FOLLOW_WAIT_MS,
    );
    runs.push(
      ...request.kinds.map((kind, i) => ({ kind, account, job: jobs[i]!, joined: jobs[i]!.id !== ids.get(kind) })),
    );
  }
  await request.replies?.forget(runs.filter((r) => r.joined).length);
  return runs;
}
