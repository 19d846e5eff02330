import type { AnyBulkWriteOperation } from 'mongoose';
import { ProjectMap } from '../../models/project-map.js';
import { Resource, resourceKey } from '../../models/resource.js';
import type { KindSpec, ResourceInput } from './kind-spec.js';
import { KIND_SPECS, type ResourceKind } from './kinds/index.js';
import { parseUrn, urnLabel } from './project-urn.js';
import { WRITE_BATCH } from './write-batch.js';
import { accountKeyPrefix } from '../digitalocean/accounts.js';

/**
 * Kinds DO keeps in projects (`projects: 'default'` in their spec). One missing from every
 * project's resource list is in the default project. Snapshots and backups are not assignable
 * (they stay without a project), and firewalls only take a project when a project lists them
 * explicitly (`'explicit'`).
 */
const DEFAULT_PROJECT_KINDS: readonly ResourceKind[] = KIND_SPECS.filter((s) => s.projects === 'default').map(
  (s) => s.kind,
);
/** Every kind whose `projectId` comes from project membership. */
const PROJECT_KINDS: readonly ResourceKind[] = KIND_SPECS.filter((s) => s.projects !== 'none').map((s) => s.kind);

export function defaultProjectKinds(): readonly ResourceKind[] {
  return DEFAULT_PROJECT_KINDS;
}
export function projectKinds(): readonly ResourceKind[] {
  return PROJECT_KINDS;
}

/** The project map as the last project sync stored it (`attrs.resource_urns` of each live project). */
export interface ProjectMembership {
  /** resourceKey → project id, for resources a project lists explicitly. */
  byKey: Map<string, string>;
  defaultProjectId: string | null;
  projectCount: number;
  /** URNs by Arcadia kind or DO type that name nothing Arcadia stores (app, vpc, unknown types...). */
  unresolved: Record<string, number>;
  /** The stored map's publish count (0 before any): tells a writer whether the map changed under it. */
  version: number;
}

type MapEntry = { providerId: string; isDefault: boolean; resourceUrns: string[] };
type StoredProject = { providerId: string; attrs?: { is_default?: unknown; resource_urns?: unknown } };

const PROVIDER = 'digitalocean';

/** A team's map is its own document: projects list only their own team's resources. */
const mapId = (account: string) => accountKeyPrefix(account);

/**
 * Stores an account's project map from the live projects just synced (one read of the project
 * resources, once per project sync), for every other kind of the account to look up by id.
 */
export async function publishProjectMap(account: string, syncRunId: string, now: Date): Promise<void> {
  const projects = await Resource.find(
    { provider: PROVIDER, account, kind: 'project', stale: false },
    { providerId: 1, attrs: 1, _id: 0 },
  ).lean<StoredProject[]>();
  const entries: MapEntry[] = projects.map((p) => ({
    providerId: p.providerId,
    isDefault: p.attrs?.is_default === true,
    resourceUrns: Array.isArray(p.attrs?.resource_urns)
      ? (p.attrs.resource_urns as unknown[]).filter((u): u is string => typeof u === 'string')
      : [],
  }));
  await ProjectMap.updateOne(
    { _id: mapId(account) },
    { $set: { projects: entries, syncRunId, updatedAt: now }, $inc: { version: 1 } },
    { upsert: true },
  );
}

async function mapVersion(account: string): Promise<number> {
  const map = await ProjectMap.findById(mapId(account), { version: 1 }).lean<{ version?: number }>();
  return map?.version ?? 0;
}

/** An account's stored project map; empty (projectCount 0) until a project sync has stored one. */
export async function loadMembership(account: string): Promise<ProjectMembership> {
  const map = await ProjectMap.findById(mapId(account), { projects: 1, version: 1 }).lean<{
    projects: MapEntry[];
    version?: number;
  }>();
  const projects = [...(map?.projects ?? [])].sort((a, b) =>
    a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0,
  );
  const membership: ProjectMembership = {
    byKey: new Map(),
    defaultProjectId: null,
    projectCount: projects.length,
    unresolved: {},
    version: map?.version ?? 0,
  };
  for (const project of projects) {
    if (project.isDefault) membership.defaultProjectId ??= project.providerId;
    for (const urn of project.resourceUrns) {
      const parsed = parseUrn(urn);
      if (parsed.status !== 'resolved') {
        const label = urnLabel(parsed);
        membership.unresolved[label] = (membership.unresolved[label] ?? 0) + 1;
        continue;
      }
      const key = resourceKey(parsed.kind, parsed.id, account);
      // DO puts a resource in exactly one project; should two lists claim it, the first (by id) wins.
      if (!membership.byKey.has(key)) membership.byKey.set(key, project.providerId);
    }
  }
  return membership;
}

/**
 * Where a stored resource belongs: its project's explicit listing, else the `project_id` DO returned
 * on the resource itself (databases, load balancers: a project listing can lag behind it), else the
 * default project for assignable kinds.
 */
function desiredProject(
  id: string,
  kind: string,
  current: string | null,
  membership: ProjectMembership,
  own: string | null = null,
): string | null {
  const explicit = membership.byKey.get(id);
  if (explicit) return explicit;
  if (own) return own;
  if (!DEFAULT_PROJECT_KINDS.includes(kind as ResourceKind)) return null;
  // No default project known (an account mid-change): leave it as it was rather than guess.
  return membership.defaultProjectId ?? current;
}

export interface ApplyOutcome {
  /** Live resources of the kinds looked at. */
  checked: number;
  /** Resources whose projectId was written. */
  changed: number;
  /** Explicitly listed resources of these kinds that Arcadia does not hold (yet). */
  missing: number;
}

type HeldResource = { _id: string; kind: string; projectId?: string | null; attrs?: { project_id?: string | null } };

/**
 * Sets `projectId` on the live resources of `kinds` from the stored project map, writing only the
 * resources whose project differs (one read of ids, then updates by primary key), so a steady
 * account costs no writes.
 * Does nothing before any project was synced, so an unknown map never erases what is stored.
 */
async function applyProjectIds(
  account: string,
  kinds: readonly ResourceKind[],
  membership: ProjectMembership,
): Promise<ApplyOutcome> {
  const scope = kinds.filter((k) => PROJECT_KINDS.includes(k));
  if (membership.projectCount === 0 || scope.length === 0) return { checked: 0, changed: 0, missing: 0 };
  // One equality query per kind (indexed, and pushed down on FerretDB, unlike `$in`).
  const perKind = await Promise.all(
    scope.map((kind) =>
      Resource.find(
        { provider: PROVIDER, account, kind, stale: false },
        { _id: 1, kind: 1, projectId: 1, 'attrs.project_id': 1 },
      ).lean<HeldResource[]>(),
    ),
  );
  const docs = perKind.flat();
  return applyToHeld(account, scope, docs, membership);
}

/** `applyProjectIds` for the resources given (what a sync already holds in memory), without reading them again. */
async function applyToHeld(
  account: string,
  scope: readonly ResourceKind[],
  docs: readonly HeldResource[],
  membership: ProjectMembership,
): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { checked: docs.length, changed: 0, missing: 0 };
  // By primary key, a page's worth to a command: `_id` equality is indexed on MongoDB and pushed
  // down on FerretDB, where an `$in` would scan the collection.
  const writes: AnyBulkWriteOperation[] = [];
  const held = new Set<string>();
  for (const doc of docs) {
    held.add(doc._id);
    const current = doc.projectId ?? null;
    const desired = desiredProject(doc._id, doc.kind, current, membership, doc.attrs?.project_id ?? null);
    if (desired !== current)
      writes.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { projectId: desired } } } });
  }
  const prefixes = scope.map((k) => resourceKey(k, '', account));
  for (const key of membership.byKey.keys()) {
    if (!held.has(key) && prefixes.some((p) => key.startsWith(p))) outcome.missing += 1;
  }
  for (let i = 0; i < writes.length; i += WRITE_BATCH)
    await Resource.bulkWrite(writes.slice(i, i + WRITE_BATCH), { ordered: false });
  outcome.changed = writes.length;
  return outcome;
}

/**
 * Applies the stored map (with `first` when the caller holds the resources in memory), then makes
 * sure no older map has the last word: a writer that loaded the map, then wrote, re-reads the map's
 * version, and if a project sync published meanwhile applies the new map again, reading the
 * resources back. The project sync applies its map only after publishing it, so whichever of the two
 * writes last writes from the newest map: one full sync leaves every projectId right, in any order.
 */
export async function applyMembership(
  account: string,
  scope: readonly ResourceKind[],
  first: (membership: ProjectMembership) => Promise<ApplyOutcome> = (m) => applyProjectIds(account, scope, m),
): Promise<{ membership: ProjectMembership; outcome: ApplyOutcome }> {
  let membership = await loadMembership(account);
  const outcome = await first(membership);
  let wrote = outcome.changed > 0;
  // A publish per project sync, and one project sync at a time: a second pass is the most it takes.
  for (let pass = 0; wrote && pass < 5; pass += 1) {
    if ((await mapVersion(account)) === membership.version) break;
    membership = await loadMembership(account);
    const again = await applyProjectIds(account, scope, membership);
    outcome.changed += again.changed;
    wrote = again.changed > 0;
  }
  return { membership, outcome };
}

function ownProjectId(attrs: Record<string, unknown> | undefined): string | null {
  return typeof attrs?.project_id === 'string' && attrs.project_id ? attrs.project_id : null;
}

/** What the engine's project phase gets of a run: its account and notes, and the ids its listing held. */
export interface ProjectPhaseRun {
  account: string;
  runId: string;
  note(message: string): void;
  /** providerIds of the kind that the (complete) listing contained. */
  listed: ReadonlySet<string>;
  /** What the database held for the kind when the run started, by providerId. */
  stored: ReadonlyMap<string, { projectId: string | null }>;
  /** Resources the run inserted, by providerId, with the projectId they were inserted with. */
  inserted: ReadonlyMap<string, { projectId: string | null }>;
}

/** The engine's project phase for one kind: fields new resources are inserted with, and the step after a complete listing. */
export interface ProjectPhase {
  /** Called once a run, on the first page with new resources. */
  initialFields(account: string): Promise<(input: ResourceInput) => Record<string, unknown>>;
  afterListing(run: ProjectPhaseRun): Promise<void>;
}

const NO_FIELDS = async () => () => ({});

/**
 * The project phase a spec opts into: the project kind publishes the map and applies it to every
 * kind; a kind DO keeps in projects is inserted with its project and has the map applied after its
 * listing; any other kind has none (null).
 */
export function projectPhase(spec: KindSpec): ProjectPhase | null {
  if (spec.publishesProjectMap) return { initialFields: NO_FIELDS, afterListing: publishAndApply };
  if (spec.projects === 'none') return null;
  return membershipSteps(spec.kind as ResourceKind, spec.projectIdOnObject ?? false);
}

/**
 * A new resource is inserted with its project from the stored map (or the default project), so a
 * growing account costs no projectId writes. Before any project sync there is no map, and nothing is set.
 */
function initialProjectId(
  kind: ResourceKind,
): (account: string) => Promise<(input: ResourceInput) => Record<string, unknown>> {
  return async (account) => {
    const membership = await loadMembership(account);
    if (membership.projectCount === 0) return () => ({});
    return (input) => ({
      projectId: desiredProject(
        resourceKey(kind, input.providerId, account),
        kind,
        null,
        membership,
        ownProjectId(input.attrs),
      ),
    });
  };
}

/**
 * The project steps of a kind DO keeps in projects: new resources are inserted with their project,
 * and after the listing the stored map is applied to every live resource of the kind (writing only
 * what differs). With the project kind's own step, which applies the map to every kind after
 * publishing it, the result does not depend on the order syncs run in (a full sync runs kinds
 * concurrently): the project step reads the resources after its map is stored, and this step runs
 * after the kind's last insert and re-applies should the map change under it (`applyMembership`).
 */
function membershipSteps(kind: ResourceKind, projectIdOnObject: boolean): ProjectPhase {
  return {
    initialFields: initialProjectId(kind),
    async afterListing(run) {
      // The live resources as the run holds them: stored before it and listed by it, and those it
      // inserted, with the projectId they were inserted with (maybe from an older map, or none when
      // the project sync had not stored one yet), so nothing needs reading again.
      const held: HeldResource[] = [];
      for (const [providerId, state] of run.stored) {
        if (run.listed.has(providerId))
          held.push({ _id: resourceKey(kind, providerId, run.account), kind, projectId: state.projectId });
      }
      for (const [providerId, state] of run.inserted)
        held.push({ _id: resourceKey(kind, providerId, run.account), kind, projectId: state.projectId });
      if (projectIdOnObject) {
        // Kinds whose DO object names its project (`attrs.project_id`): read back for the few that have one.
        const own = await Resource.find(
          { provider: PROVIDER, account: run.account, kind, 'attrs.project_id': { $type: 'string' } },
          { _id: 1, 'attrs.project_id': 1 },
        ).lean<HeldResource[]>();
        const byId = new Map(own.map((d) => [d._id, d.attrs?.project_id ?? null]));
        for (const h of held) h.attrs = { project_id: byId.get(h._id) ?? null };
      }
      const { outcome } = await applyMembership(run.account, [kind], async (membership) =>
        membership.projectCount === 0
          ? { checked: 0, changed: 0, missing: 0 }
          : applyToHeld(run.account, [kind], held, membership),
      );
      if (outcome.changed > 0) run.note(`project set on ${outcome.changed} ${kind}(s)`);
    },
  };
}

/** The `not_found` URNs the listed projects carry, as stored by this run. */
async function notFoundUrns(account: string, listed: ReadonlySet<string>): Promise<string[]> {
  const docs = await Resource.find(
    { provider: PROVIDER, account, kind: 'project', providerId: { $in: [...listed] } },
    { 'attrs.not_found_urns': 1, _id: 0 },
  ).lean<{ attrs?: { not_found_urns?: string[] } }[]>();
  return docs.flatMap((d) => d.attrs?.not_found_urns ?? []).sort();
}

/** The project kind's phase: stores the map its listing built, applies it to every kind in projects, and notes what it found. */
async function publishAndApply(run: ProjectPhaseRun): Promise<void> {
  // Published before the resources are read: a kind storing resources meanwhile either sees this
  // map in its own step, or stored them before the read below.
  await publishProjectMap(run.account, run.runId, new Date());
  const { membership, outcome } = await applyMembership(run.account, PROJECT_KINDS);
  run.note(
    `project ids: ${membership.byKey.size} resource(s) listed in named projects, ` +
      `${outcome.checked} live resource(s) checked, ${outcome.changed} changed` +
      (membership.defaultProjectId ? '' : '; no default project, so unlisted resources were left as they were'),
  );
  if (outcome.missing > 0)
    run.note(`${outcome.missing} project resource(s) are not in the inventory yet (their kind has not synced them)`);
  const notFound = await notFoundUrns(run.account, run.listed);
  if (notFound.length > 0) {
    run.note(
      `${notFound.length} project resource(s) DO reports as not_found (deleted, still named by their project): ${notFound.slice(0, 10).join(', ')}${notFound.length > 10 ? ', …' : ''}`,
    );
  }
  const unresolved = Object.entries(membership.unresolved);
  if (unresolved.length > 0) {
    run.note(
      `project resources Arcadia does not inventory: ${unresolved.map(([label, n]) => `${label} ${n}`).join(', ')}`,
    );
  }
}
