import type { Worker } from 'bullmq';
import { requireDoAccounts, type Config } from '../config.js';
import { inAccount } from '../digitalocean/accounts.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { SYNC_KINDS } from '../sync/kinds/index.js';
import { errorMessage } from '../errors.js';
import { kindList } from '../arguments.js';
import { requestSync, type SyncRequest } from '../sync/request-sync.js';
import { syncRunReport, type SyncRunReport } from '../sync/run-report.js';
import { SyncRun } from '../../models/sync-run.js';
import type { ResourceKind } from '../../models/resource.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { createWasteWorker } from '../../jobs/waste-worker.js';
import { renderTable } from './render-table.js';
import { noWorkerLine, workerListening, workerTookLine } from './listening-workers.js';

export interface SyncCommandOptions {
  wait?: boolean;
  json?: boolean;
  force?: boolean;
  /** One DO team; every configured team when absent. */
  account?: string;
}

/** `[KIND...|all]` as `/cloud sync` takes them. */
export function resolveKinds(args: string[]): ResourceKind[] {
  return kindList(args, SYNC_KINDS);
}

/** `arcadia sync [KIND...|all]`: enqueue, and with --wait report each run. Returns the exit code. */
export async function syncCommand(args: string[], options: SyncCommandOptions, config: Config): Promise<number> {
  const kinds = resolveKinds(args);
  requireDoAccounts(config);
  const rt = await openRuntime(config);
  try {
    const request = { kinds, account: options.account, force: options.force };
    if (options.wait) {
      const { reports, byWorker } = await syncAndWait(request, rt);
      if (byWorker) console.error(workerTookLine('these syncs'));
      print(reports, options.json ?? false, rt.accounts!.several);
      // A run held back (suspicious) needs someone to look, as a failed one does.
      return reports.every((r) => r.status === 'succeeded' || r.status === 'skipped') ? 0 : 1;
    }
    const queue = syncQueue(rt.queue);
    queue.setMaxListeners(Math.max(10, kinds.length + 2));
    try {
      await queue.waitUntilReady();
      const runs = await requestSync(request, { queue, config });
      const queued = runs.map((r) => ({
        kind: r.kind,
        account: r.account ?? rt.accounts!.primaryName,
        jobId: r.job.id,
      }));
      console.log(
        options.json
          ? JSON.stringify({ queued })
          : queued.map((q) => `queued ${inAccount(q.kind, q.account)} (job ${q.jobId})`).join('\n'),
      );
      if (!(await workerListening(queue))) console.error(noWorkerLine('these syncs', 'arcadia sync --wait'));
      return 0;
    } finally {
      await queue.close();
    }
  } finally {
    await rt.close();
  }
}

/**
 * Requests a sync and waits for its runs, reporting each: the one path `sync --wait` and the
 * follow-up inventory sync of `provision --wait`/`deprovision --wait` take. With nobody listening
 * on the queue, this process works the jobs itself rather than wait forever; `byWorker` says a
 * running worker took them instead (with its own configuration, not this process's).
 */
export async function syncAndWait(
  request: SyncRequest,
  rt: Runtime,
): Promise<{ reports: SyncRunReport[]; byWorker: boolean }> {
  const accounts = rt.accounts!;
  const queue = syncQueue(rt.queue);
  // Each job added at once listens on the queue until added; a full sync has more kinds than Node's default of 10.
  queue.setMaxListeners(Math.max(10, request.kinds.length + 2));
  const events = syncQueueEvents(rt.queue);
  let worker: Worker | undefined;
  let wasteWorker: Worker | undefined;
  try {
    await events.waitUntilReady();
    const runs = (await requestSync(request, { queue, config: rt.config })).map((r) => ({
      ...r,
      account: r.account ?? accounts.primaryName,
    }));
    const byWorker = await workerListening(queue);
    if (!byWorker) {
      worker = createSyncWorker({ queue: rt.queue, config: rt.config, client: accounts, log: rt.log });
      // The waste rules the syncs queue run here too; any still waiting at exit run in the next worker.
      wasteWorker = createWasteWorker({ queue: rt.queue, config: rt.config, client: accounts, log: rt.log });
    }
    const reports = await Promise.all(
      runs.map(async ({ kind, account, job }): Promise<SyncRunReport> => {
        let failure: string | null = null;
        await job.waitUntilFinished(events).catch((err: unknown) => (failure = errorMessage(err)));
        return syncRunReport(kind, account, await SyncRun.findOne({ runId: String(job.id) }).lean(), failure);
      }),
    );
    return { reports, byWorker };
  } finally {
    await worker?.close();
    await wasteWorker?.close();
    await events.close();
    await queue.close();
  }
}

/** With several DO teams, an ACCOUNT column says which team each row is; with one it would only repeat "default". */
function print(reports: SyncRunReport[], json: boolean, several: boolean): void {
  if (json) {
    console.log(JSON.stringify({ runs: reports }));
    return;
  }
  const name = (r: SyncRunReport) => inAccount(r.kind, r.account);
  console.log(
    renderTable(
      [
        ...(several ? ['ACCOUNT'] : []),
        'KIND',
        'STATUS',
        'LISTED',
        'CREATED',
        'UPDATED',
        'UNCHANGED',
        'STALE',
        'REVIVED',
        'API CALLS',
      ],
      // A skipped kind listed nothing: dashes, not zeros that read as "there are none".
      reports.map((r) => [
        ...(several ? [r.account] : []),
        r.kind,
        r.status,
        ...(r.status === 'skipped'
          ? Array<string>(6).fill('-')
          : [r.listed, r.created, r.updated, r.unchanged, r.markedStale, r.revived]),
        r.apiCalls,
      ]),
    ),
  );
  for (const r of reports) {
    if (r.error) console.log(`\n${name(r)}: ${r.error}`);
    if (r.skippedBecause) console.log(`\n${name(r)}: skipped: ${r.skippedBecause}`);
  }
}
