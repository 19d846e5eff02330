import type { Logger } from 'pino';
import type { AnyBulkWriteOperation } from 'mongoose';
import { Resource, resourceKey } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import type { DoClient } from '../digitalocean/client.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import type { Config } from '../config.js';
import { errorMessage } from '../errors.js';
import { syncResources, syncRuns } from '../metrics.js';
import { fingerprint } from './fingerprint.js';
import { listingGaps } from './listing-gaps.js';
import { readAhead } from './read-ahead.js';
import { WRITE_BATCH } from './write-batch.js';
import { WriteWindow } from './write-window.js';
import { listKind, type KindSpec, type ListContext, type ResourceInput } from './kind-spec.js';
import { DUPLICATE_KEY } from '../duplicate-key.js';
import { kindStore } from './kind-store.js';
import { projectPhase } from './project-membership.js';
import { parseUrn, urnLabel } from './project-urn.js';

const PROVIDER = 'digitalocean';
/** How many newly stale / revived resources a run keeps by name for its alert. */
const ALERT_SAMPLE = 500;
/** Listing pages fetched ahead of the one being written: a few hundred KiB of JSON at most. */
const LIST_READ_AHEAD_PAGES = 4;
/** Pages being written at once (see WriteWindow): two keep a 2-core database busy, a third covers the round trip. */
const PAGE_WRITES_IN_FLIGHT = 3;
export interface SyncCounts {
  listed: number;
  created: number;
  updated: number;
  unchanged: number;
  markedStale: number;
  revived: number;
  /** Objects the normalizer could not make sense of (logged, not stored). */
  skipped: number;
  apiCalls: number;
}

export interface SyncResult extends SyncCounts {
  runId: string;
  kind: string;
  /** The DO team listed. */
  account: string;
  status: 'succeeded' | 'failed' | 'suspicious';
  durationMs: number;
  error: string | null;
  /** Why the kind could not be listed at all this run (see ListContext.skip), or null. */
  skippedBecause: string | null;
  reportedTotal: number | null;
  notes: string[];
  newlyStale: { providerId: string; name: string }[];
  newlyRevived: { providerId: string; name: string }[];
}

export interface SyncOptions {
  spec: KindSpec;
  /** A client for this run alone: its call counter becomes the run's `apiCalls`. */
  client: DoClient;
  config: Config;
  /** Stable across retries of one job, so a retry finishes the same run instead of adding one. */
  runId: string;
  /** The DO team `client` lists (src/digitalocean/accounts.ts). @defaultValue DEFAULT_ACCOUNT */
  account?: string;
  attempt?: number;
  log: Logger;
  /** Mark stale even past the guard ratio (an operator who knows the account shrank). */
  force?: boolean;
  /** The finished run of the kind this one follows (see `KindSpec.follows`), handed over by a full sync. */
  upstreamRunId?: string;
  now?: () => Date;
}

type InitialFields = (input: ResourceInput) => Record<string, unknown>;

/**
 * One run's state, handed to each of its steps: what it covers (a kind in one DO team), what the
 * store held when it started, and what it has listed, counted and inserted so far.
 */
interface RunState {
  readonly kind: string;
  readonly account: string;
  readonly runId: string;
  readonly counts: SyncCounts;
  /** providerIds the listing contained. */
  readonly seen: Set<string>;
  /** Resources this run revived, by name for its alert. */
  readonly revivedNow: { providerId: string; name: string }[];
  /** Resources this run inserted, by providerId, with the projectId they were inserted with. */
  readonly inserted: Map<string, { projectId: string | null }>;
  /** Fields new resources are inserted with (the project phase's), resolved on first use. */
  initialFields(): Promise<InitialFields>;
}

/**
 * What a run holds of each stored resource of its kind (by providerId, the map's key): one per
 * resource, so kept small. The four run ids a stored resource carries matter only when they name
 * this run (an earlier attempt of it wrote them), so they are read into bits of `marks`.
 */
type ExistingState = {
  name: string;
  fingerprint: string;
  projectId: string | null;
  marks: number;
};
/** Bits of `ExistingState.marks`: stale now, and which of this run's marks an earlier attempt of it left. */
const STALE = 1;
const CREATED_BY_RUN = 2;
const CHANGED_BY_RUN = 4;
const REVIVED_BY_RUN = 8;
const STALED_BY_RUN = 16;
type StoredState = {
  providerId: string;
  name: string;
  fingerprint: string;
  stale: boolean;
  projectId: string | null;
  createdSyncRunId: string | null;
  changedSyncRunId: string | null;
  revivedSyncRunId: string | null;
  staleSyncRunId: string | null;
};

/**
 * The one sync pipeline: list → normalize → upsert → mark_stale, for any kind.
 * Pages are written as they arrive, so memory holds one page plus the set of ids seen. Writes are
 * only what changed: new resources (one insert per page), changed or revived ones (by primary key);
 * an unchanged resource costs one read and no write, and "seen by this run" is recorded once on the
 * SyncRun (see `lastSeenAt` in src/inventory/last-seen.ts). Stale marking happens only after a complete
 * listing; a failure part-way marks nothing.
 */
export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const { spec, client, config, runId, log } = options;
  const now = options.now ?? (() => new Date());
  const kind = spec.kind;
  const account = options.account ?? DEFAULT_ACCOUNT;
  const started = now();
  const notes: string[] = [];
  const phase = projectPhase(spec);
  // Resolved on the first page that has new resources: an unchanged re-sync never pays for it.
  let initial: Promise<InitialFields> | undefined;
  const run: RunState = {
    kind,
    account,
    runId,
    counts: { listed: 0, created: 0, updated: 0, unchanged: 0, markedStale: 0, revived: 0, skipped: 0, apiCalls: 0 },
    seen: new Set<string>(),
    revivedNow: [],
    inserted: new Map(),
    initialFields: () => (initial ??= phase?.initialFields(account) ?? Promise.resolve(() => ({}))),
  };
  const { counts, seen } = run;
  let reportedTotal: number | null = null;
  let skipReason: string | null = null;

  await SyncRun.updateOne(
    { runId },
    {
      $set: { status: 'running', kind, provider: PROVIDER, account, attempts: options.attempt ?? 1, error: null },
      $setOnInsert: { startedAt: started },
    },
    { upsert: true },
  );

  // The kind's stored state is read while the first pages are fetched; a listing that fails first
  // must not leave its rejection unhandled.
  const states = loadStates(run);
  states.catch(() => undefined);
  const writes = new WriteWindow(PAGE_WRITES_IN_FLIGHT);
  try {
    const ctx: ListContext = {
      client,
      config,
      account,
      upstreamRunId: options.upstreamRunId,
      store: kindStore(account),
      urnLabel: (urn) => urnLabel(parseUrn(urn)),
      note: (m: string) => notes.push(m),
      skip: (reason: string) => {
        skipReason = reason;
        notes.push(`skipped: ${reason}`);
      },
    };
    const listing = readAhead(listKind(spec, ctx), LIST_READ_AHEAD_PAGES);
    for await (const page of listing) {
      const existing = await states;
      if (page.page === 1 && page.total !== undefined) reportedTotal = (reportedTotal ?? 0) + page.total;
      const inputs: ResourceInput[] = [];
      for (const raw of page.items) {
        let input: ResourceInput;
        try {
          input = spec.normalize(raw);
        } catch (err) {
          counts.skipped += 1;
          log.warn({ kind, err: errorMessage(err) }, 'skipping a resource the normalizer could not read');
          continue;
        }
        // Objects can shift between pages while we paginate; count each id once.
        if (seen.has(input.providerId)) continue;
        seen.add(input.providerId);
        inputs.push(input);
      }
      const seenAt = now();
      await writes.add(() => upsertPage(run, inputs, existing, seenAt));
    }
    // Stale marking and what follows read what the pages wrote: every write is done first.
    await writes.drain();
    const existing = await states;
    counts.listed = seen.size;
    // Fewer than reported is a gap (below); more only means objects were added while paging.
    if (reportedTotal !== null && reportedTotal < counts.listed + counts.skipped) {
      notes.push(
        `DO reported ${reportedTotal} ${kind}(s) but ${counts.listed + counts.skipped} were listed (objects changed while paging)`,
      );
    }

    // A skipped listing saw nothing: it marks nothing stale and is no sighting of anything. One with
    // gaps is no proof of what is gone, nor a sighting of everything live.
    const gaps = skipReason === null ? listingGaps(kind, counts, reportedTotal) : null;
    if (gaps !== null) notes.push(`listing incomplete, so nothing was marked stale: ${gaps}`);
    const stale =
      skipReason === null
        ? await markStale(run, existing, now(), {
            guardRatio: config.ARCADIA_STALE_GUARD_RATIO,
            force: options.force ?? false,
            gaps,
          })
        : NOTHING_STALE;
    const listingCompletedAt = skipReason === null && gaps === null ? now() : null;
    // The project phase the spec opts into: after a listing that was not skipped, its calls count toward the run's.
    if (skipReason === null)
      await phase?.afterListing({
        account,
        runId,
        note: ctx.note,
        listed: seen,
        stored: existing,
        inserted: run.inserted,
      });
    counts.markedStale = stale.count;
    counts.apiCalls = client.calls;

    const result: SyncResult = {
      runId,
      kind,
      account,
      status: stale.guardTripped ? 'suspicious' : 'succeeded',
      ...counts,
      durationMs: now().getTime() - started.getTime(),
      error: stale.guardTripped,
      skippedBecause: skipReason as string | null,
      reportedTotal,
      notes,
      newlyStale: stale.sample,
      newlyRevived: run.revivedNow.slice(0, ALERT_SAMPLE),
    };
    await SyncRun.updateOne({ runId }, { $set: { ...result, listingCompletedAt, finishedAt: now() } });
    log.info({ kind, account, runId, ...counts, status: result.status }, 'sync finished');
    countRun(kind, skipReason === null ? result.status : 'skipped', counts);
    return result;
  } catch (err) {
    // Nothing of this attempt may still be writing when it is recorded as failed (and retried).
    await writes.settle();
    counts.apiCalls = client.calls;
    counts.listed = seen.size;
    const message = errorMessage(err);
    await SyncRun.updateOne(
      { runId },
      {
        $set: {
          status: 'failed',
          ...counts,
          error: message,
          notes,
          finishedAt: now(),
          durationMs: now().getTime() - started.getTime(),
        },
      },
    );
    log.error({ kind, account, runId, err: message }, 'sync failed; nothing was marked stale');
    countRun(kind, 'failed', counts);
    throw err;
  }
}

/** A finished run (or failed attempt) in the metrics: its status, and what it listed, created and marked stale. */
function countRun(kind: string, status: SyncResult['status'] | 'skipped', counts: SyncCounts): void {
  syncRuns.inc({ kind, status });
  syncResources.inc({ kind, change: 'listed' }, counts.listed);
  syncResources.inc({ kind, change: 'created' }, counts.created);
  syncResources.inc({ kind, change: 'stale' }, counts.markedStale);
}

/**
 * What the database holds for a kind, read once per run: one scan instead of a lookup per page
 * (about 150 bytes per resource, so 100,000 resources hold some 15 MiB).
 */
async function loadStates({ kind, account, runId }: RunState): Promise<Map<string, ExistingState>> {
  const states = new Map<string, ExistingState>();
  const cursor = Resource.find(
    { provider: PROVIDER, account, kind },
    {
      providerId: 1,
      name: 1,
      fingerprint: 1,
      stale: 1,
      projectId: 1,
      createdSyncRunId: 1,
      changedSyncRunId: 1,
      revivedSyncRunId: 1,
      staleSyncRunId: 1,
      _id: 0,
    },
  )
    .lean<StoredState[]>()
    .cursor();
  for await (const doc of cursor) {
    const marks =
      (doc.stale ? STALE : 0) |
      (doc.createdSyncRunId === runId ? CREATED_BY_RUN : 0) |
      (doc.changedSyncRunId === runId ? CHANGED_BY_RUN : 0) |
      (doc.revivedSyncRunId === runId ? REVIVED_BY_RUN : 0) |
      (doc.staleSyncRunId === runId ? STALED_BY_RUN : 0);
    states.set(doc.providerId, {
      name: doc.name,
      fingerprint: doc.fingerprint,
      projectId: doc.projectId ?? null,
      marks,
    });
  }
  return states;
}

/** Writes one listed page: inserts what is new, updates what changed or revived, counts into the run. */
async function upsertPage(
  run: RunState,
  inputs: ResourceInput[],
  existing: Map<string, ExistingState>,
  seenAt: Date,
): Promise<void> {
  if (inputs.length === 0) return;
  const { kind, account, runId, counts, revivedNow, inserted } = run;
  const inserts: Record<string, unknown>[] = [];
  const fresh: ResourceInput[] = [];
  const updates: AnyBulkWriteOperation[] = [];
  for (const input of inputs) {
    const fp = fingerprint(input);
    const _id = resourceKey(kind, input.providerId, account);
    const fields = storedFields(input, fp, seenAt, runId);
    const prior = existing.get(input.providerId);

    if (!prior) {
      counts.created += 1;
      fresh.push(input);
      inserts.push({
        _id,
        provider: PROVIDER,
        account,
        kind,
        providerId: input.providerId,
        ...fields,
        firstSeenAt: seenAt,
        createdSyncRunId: runId,
      });
      continue;
    }
    const stale = (prior.marks & STALE) !== 0;
    if (prior.marks & CREATED_BY_RUN) {
      // Stored by an earlier attempt of this same run (a retry after a crash): still "created" by this run.
      counts.created += 1;
      updates.push({ updateOne: { filter: { _id }, update: { $set: fields } } });
      continue;
    }
    const revived = stale || (prior.marks & REVIVED_BY_RUN) !== 0;
    if (revived) {
      counts.revived += 1;
      revivedNow.push({ providerId: input.providerId, name: input.name });
    }
    const changed = prior.fingerprint !== fp || (prior.marks & CHANGED_BY_RUN) !== 0;
    if (changed) counts.updated += 1;
    else counts.unchanged += 1;
    // Unchanged and live: not written at all. That it was seen is recorded once, on the run.
    if (!changed && !stale) continue;

    const set: Record<string, unknown> = changed
      ? { ...fields, changedSyncRunId: runId }
      : { lastSeenAt: seenAt, lastSyncRunId: runId };
    if (stale) Object.assign(set, { stale: false, staleSince: null, staleSyncRunId: null, revivedSyncRunId: runId });
    updates.push({ updateOne: { filter: { _id }, update: { $set: set } } });
  }

  if (inserts.length) {
    const initial = await run.initialFields();
    const docs = inserts.map((doc, i) => ({ ...initial(fresh[i]!), ...doc }));
    await insertNew(docs);
    for (const [i, doc] of docs.entries())
      inserted.set(fresh[i]!.providerId, { projectId: (doc.projectId as string | null | undefined) ?? null });
  }
  // One command per page; the driver splits it at the server's own batch limit.
  if (updates.length) await Resource.bulkWrite(updates, { ordered: false });
}

/** Inserts new resources in one command; any that appeared meanwhile are upserted instead. */
async function insertNew(docs: Record<string, unknown>[]): Promise<void> {
  try {
    await Resource.collection.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    const duplicates = new Set(
      ((err as { writeErrors?: { code?: number; index?: number }[] }).writeErrors ?? [])
        .filter((e) => e.code === DUPLICATE_KEY)
        .map((e) => e.index),
    );
    if (duplicates.size === 0) throw err;
    const retry = docs.filter((_, i) => duplicates.has(i));
    await Resource.bulkWrite(
      retry.map(({ _id, firstSeenAt, createdSyncRunId, ...fields }): AnyBulkWriteOperation => ({
        updateOne: {
          filter: { _id },
          update: { $set: fields, $setOnInsert: { firstSeenAt, createdSyncRunId } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
}

function storedFields(input: ResourceInput, fp: string, seenAt: Date, runId: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    name: input.name,
    region: input.region ?? null,
    status: input.status ?? null,
    tags: input.tags ?? [],
    attrs: input.attrs ?? {},
    fingerprint: fp,
    lastSeenAt: seenAt,
    lastSyncRunId: runId,
    stale: false,
    staleSince: null,
    staleSyncRunId: null,
  };
  // projectId is usually filled in by the project sync; a kind that doesn't know it leaves it alone.
  if (input.projectId !== undefined) fields.projectId = input.projectId;
  return fields;
}

type StaleOutcome = { count: number; sample: { providerId: string; name: string }[]; guardTripped: string | null };
const NOTHING_STALE: StaleOutcome = { count: 0, sample: [], guardTripped: null };

/** What may hold stale marking back: the guard ratio (unless forced), and gaps in the listing (see listingGaps), which force does not override. */
type StaleGuard = { guardRatio: number; force: boolean; gaps: string | null };

/**
 * After a complete listing: every live resource of the kind that the listing did not contain
 * becomes stale, unless that would be more than the guard ratio at once (an outage or a token that
 * lost a scope looks exactly like mass deletion), or the listing had gaps (what it missed is not gone).
 */
async function markStale(
  run: RunState,
  before: Map<string, ExistingState>,
  at: Date,
  { guardRatio, force, gaps }: StaleGuard,
): Promise<StaleOutcome> {
  const { kind, account, runId, seen } = run;
  // Live before this run (resources this run created are in `seen`, so they can't go missing), and
  // which of those the listing did not contain.
  let live = 0;
  const missing: { providerId: string; name: string }[] = [];
  for (const [providerId, r] of before) {
    const listed = seen.has(providerId);
    if ((r.marks & STALE) === 0 || listed) live += 1;
    if ((r.marks & STALE) === 0 && !listed) missing.push({ providerId, name: r.name });
  }
  if (missing.length > 0 && gaps !== null) {
    return {
      count: 0,
      sample: [],
      guardTripped:
        `the listing was incomplete (${gaps}), so none of the ${missing.length} ${kind}(s) it did not contain was marked stale; ` +
        'the next complete listing marks what is really gone.',
    };
  }
  if (missing.length > 0 && !force && missing.length / live > guardRatio) {
    return {
      count: 0,
      sample: [],
      guardTripped:
        `listing would mark ${missing.length} of ${live} ${kind}(s) stale at once (over ${Math.round(guardRatio * 100)}%); ` +
        'nothing was marked. If the account really shrank, run the sync with --force.',
    };
  }
  // One update by primary key per resource, WRITE_BATCH to a command: `_id` equality is an index
  // lookup on MongoDB and on FerretDB (where `$in` is not pushed down and would scan the collection).
  for (let i = 0; i < missing.length; i += WRITE_BATCH) {
    await Resource.bulkWrite(
      missing.slice(i, i + WRITE_BATCH).map((r) => ({
        updateOne: {
          filter: { _id: resourceKey(kind, r.providerId, account) },
          update: { $set: { stale: true, staleSince: at, staleSyncRunId: runId } },
        },
      })),
      { ordered: false },
    );
  }
  // An earlier attempt of this same run may have marked some already: they count too, so a retry
  // reports what an uninterrupted run would.
  const marked = [...missing];
  for (const [providerId, r] of before) {
    if ((r.marks & STALE) !== 0 && (r.marks & STALED_BY_RUN) !== 0 && !seen.has(providerId))
      marked.push({ providerId, name: r.name });
  }
  return { count: marked.length, sample: marked.slice(0, ALERT_SAMPLE), guardTripped: null };
}
