import type { Worker } from 'bullmq';
import { requireSettings, type Config } from '../config.js';
import { openRuntime } from '../runtime.js';
import { SYNC_KINDS } from '../sync/kinds/index.js';
import type { SyncCounts } from '../sync/engine.js';
import { errorMessage } from '../errors.js';
import { resolveKindName } from '../sync/kind-names.js';
import { SyncRun } from '../../models/sync-run.js';
import type { ResourceKind } from '../../models/resource.js';
import { enqueueSyncs } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { renderTable } from './render-table.js';

export interface SyncCommandOptions {
  wait?: boolean;
  json?: boolean;
  force?: boolean;
}

/** One run as `arcadia sync --json` prints it. */
export interface SyncRunReport extends Omit<SyncCounts, 'skipped'> {
  kind: string;
  /** `skipped`: the kind could not be listed at all (`skippedBecause` says why); not a failure. */
  status: 'succeeded' | 'skipped' | 'failed';
  error: string | null;
  skippedBecause?: string;
  suspicious?: boolean;
  notes?: string[];
}

export function resolveKinds(args: string[]): ResourceKind[] {
  if (args.length === 0 || args.some((a) => a.toLowerCase() === 'all')) return [...SYNC_KINDS];
  return [...new Set(args.map((a) => resolveKindName(a, SYNC_KINDS)))];
}

/** `arcadia sync [KIND...|all]`: enqueue, and with --wait report each run. Returns the exit code. */
export async function syncCommand(args: string[], options: SyncCommandOptions, config: Config): Promise<number> {
  const kinds = resolveKinds(args);
  requireSettings(config, ['DIGITALOCEAN_TOKEN']);
  const rt = await openRuntime(config);
  const queue = syncQueue(rt.queue);
  // Each job added at once listens on the queue until added; a full sync has more kinds than Node's default of 10.
  queue.setMaxListeners(Math.max(10, kinds.length + 2));
  const events = syncQueueEvents(rt.queue);
  let worker: Worker | undefined;
  try {
    await events.waitUntilReady();
    const jobs = await enqueueSyncs(queue, kinds, () => ({
      force: options.force,
      attempts: config.ARCADIA_SYNC_ATTEMPTS,
      retryDelayMs: config.ARCADIA_SYNC_RETRY_DELAY_MS,
    }), config.ARCADIA_SYNC_FOLLOW_WAIT_MS);
    if (!options.wait) {
      const queued = jobs.map((j, i) => ({ kind: kinds[i], jobId: j.id }));
      console.log(options.json ? JSON.stringify({ queued }) : queued.map((q) => `queued ${q.kind} (job ${q.jobId})`).join('\n'));
      if ((await queue.getWorkersCount()) === 0) {
        console.error('arcadia: no worker is listening, so nothing will run these syncs yet: start `arcadia worker` (or `arcadia start`), or run `arcadia sync --wait` to work them here');
      }
      return 0;
    }
    // With nobody listening on the queue, this process works the jobs itself rather than wait forever.
    if ((await queue.getWorkersCount()) === 0) {
      worker = createSyncWorker({ queue: rt.queue, config, client: rt.doClient!, log: rt.log });
    }
    const reports = await Promise.all(
      jobs.map(async (job, i): Promise<SyncRunReport> => {
        let failure: string | null = null;
        await job.waitUntilFinished(events).catch((err: unknown) => (failure = errorMessage(err)));
        return reportFor(kinds[i]!, String(job.id), failure);
      }),
    );
    print(reports, options.json ?? false);
    return reports.every((r) => r.status !== 'failed') ? 0 : 1;
  } finally {
    await worker?.close();
    await events.close();
    await queue.close();
    await rt.close();
  }
}

async function reportFor(kind: string, runId: string, failure: string | null): Promise<SyncRunReport> {
  const run = await SyncRun.findOne({ runId }).lean();
  const status = run?.status === 'succeeded' && !failure ? (run.skippedBecause ? 'skipped' : 'succeeded') : 'failed';
  return {
    kind,
    status,
    listed: run?.listed ?? 0,
    created: run?.created ?? 0,
    updated: run?.updated ?? 0,
    unchanged: run?.unchanged ?? 0,
    markedStale: run?.markedStale ?? 0,
    revived: run?.revived ?? 0,
    apiCalls: run?.apiCalls ?? 0,
    error: status === 'failed' ? (run?.error ?? failure ?? 'unknown error') : null,
    ...(status === 'skipped' ? { skippedBecause: run!.skippedBecause! } : {}),
    ...(run?.status === 'suspicious' ? { suspicious: true } : {}),
    ...(run?.notes?.length ? { notes: run.notes } : {}),
  };
}

function print(reports: SyncRunReport[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ runs: reports }));
    return;
  }
  console.log(
    renderTable(
      ['KIND', 'STATUS', 'LISTED', 'CREATED', 'UPDATED', 'UNCHANGED', 'STALE', 'REVIVED', 'API CALLS'],
      // A skipped kind listed nothing: dashes, not zeros that read as "there are none".
      reports.map((r) => [r.kind, r.status, ...(r.status === 'skipped' ? Array<string>(6).fill('-') : [r.listed, r.created, r.updated, r.unchanged, r.markedStale, r.revived]), r.apiCalls]),
    ),
  );
  for (const r of reports) {
    if (r.error) console.log(`\n${r.kind}: ${r.error}`);
    if (r.skippedBecause) console.log(`\n${r.kind}: skipped: ${r.skippedBecause}`);
  }
}
