import type { SyncCounts } from './engine.js';

/**
 * How a finished run reads to people: `skipped` when the kind could not be listed at all
 * (`skippedBecause` says why; not a failure), `suspicious` when the run held back marking things
 * stale (see listing-gaps.ts), `failed` when it did not complete.
 */
export type SyncRunStatus = 'succeeded' | 'skipped' | 'suspicious' | 'failed';

/** One run as every front end reports it: `arcadia sync --wait`'s table and JSON, `/cloud sync`'s answer. */
export interface SyncRunReport extends Omit<SyncCounts, 'skipped'> {
  kind: string;
  /** The DO team listed. */
  account: string;
  status: SyncRunStatus;
  error: string | null;
  skippedBecause?: string;
  notes?: string[];
}

/** What a run record or an engine result holds, as far as the report reads it. */
export interface FinishedRun extends Partial<Omit<SyncCounts, 'skipped'>> {
  status: string;
  error?: string | null;
  skippedBecause?: string | null;
  notes?: string[];
}

/**
 * The one projection of a run into its report. `run` is absent, or `failure` set, when the job
 * ended without a run to read (it failed before listing, or for good): the run is failed.
 */
export function syncRunReport(
  kind: string,
  account: string,
  run: FinishedRun | null | undefined,
  failure: string | null = null,
): SyncRunReport {
  const status: SyncRunStatus =
    !run || failure !== null || (run.status !== 'succeeded' && run.status !== 'suspicious')
      ? 'failed'
      : run.status === 'suspicious'
        ? 'suspicious'
        : run.skippedBecause
          ? 'skipped'
          : 'succeeded';
  return {
    kind,
    account,
    status,
    listed: run?.listed ?? 0,
    created: run?.created ?? 0,
    updated: run?.updated ?? 0,
    unchanged: run?.unchanged ?? 0,
    markedStale: run?.markedStale ?? 0,
    revived: run?.revived ?? 0,
    apiCalls: run?.apiCalls ?? 0,
    error:
      status === 'failed'
        ? (run?.error ?? failure ?? 'unknown error')
        : status === 'suspicious'
          ? (run?.error ?? null)
          : null,
    ...(status === 'skipped' ? { skippedBecause: run!.skippedBecause! } : {}),
    ...(run?.notes?.length ? { notes: run.notes } : {}),
  };
}
