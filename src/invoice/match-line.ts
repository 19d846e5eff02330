import { findKindSpec, type ResourceKind } from '../sync/kinds/index.js';
import type { DerivedKind } from './derive-kind.js';
import { describedResource } from './description-patterns.js';
import type { IndexedResource, InventoryIndex } from './inventory-index.js';
import type { ParsedLine } from './parsed-invoice.js';

export const UNMATCHED_REASONS = ['tax', 'resource_never_seen', 'no_inventory_surface', 'ambiguous'] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];
export type MatchPath = 'resource_id' | 'resource_uuid' | 'ip' | 'name';

export interface ResourceRef {
  kind: string;
  providerId: string;
  name: string;
  stale: boolean;
}

export interface LineMatch {
  match: (ResourceRef & { via: MatchPath }) | null;
  reason: UnmatchedReason | null;
  /** Why, in words, for the unmatched and the surprising. */
  detail: string | null;
  /** Resources that fit an ambiguous line equally well (at most MAX_CANDIDATES). */
  candidates: ResourceRef[];
}

const MAX_CANDIDATES = 20;

/** Which inventory kind a line's resource is: a backup line is billed to the droplet it backs up. */
export function targetKind(kind: DerivedKind['kind']): ResourceKind | null {
  if (kind === null) return null;
  return (findKindSpec(kind)?.invoice.billedTo ?? kind) as ResourceKind;
}

/** The id fields worth trying, in order: droplets are keyed by their integer id, most others by uuid (API notes 4.2). */
function idFields(kind: ResourceKind, line: ParsedLine): [MatchPath, string][] {
  const byId: [MatchPath, string] = ['resource_id', line.resourceId];
  const byUuid: [MatchPath, string] = ['resource_uuid', line.resourceUuid];
  const order = findKindSpec(kind)?.invoice.idColumn === 'resource_id' ? [byId, byUuid] : [byUuid, byId];
  return order.filter(([, v]) => v !== '');
}

const IP = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/i;

/**
 * The resource name a line's text gives, by the description layouts of every export era
 * (src/invoice/description-patterns.ts): "assets-data (100 GiB)" and "volume-sfo2-01 (sfo2) 100GB"
 * both name a volume; clusters are named in group_description.
 */
export function nameFromLine(kind: ResourceKind, line: ParsedLine, lineKind: string | null = kind): string {
  if (findKindSpec(kind)?.invoice.nameFromGroup && line.groupDescription) return line.groupDescription;
  return describedResource(lineKind, line.description).name;
}

export function ipFromDescription(description: string): string | null {
  const after = /\bip(?:v6)?\s+-\s+(\S+)\s*$/i.exec(description);
  if (after) return after[1]!;
  return IP.exec(description)?.[0] ?? null;
}

export function ref(r: IndexedResource): ResourceRef {
  return { kind: r.kind, providerId: r.providerId, name: r.name, stale: r.stale };
}

function unmatched(reason: UnmatchedReason, detail: string | null, candidates: ResourceRef[] = []): LineMatch {
  return { match: null, reason, detail, candidates };
}

/**
 * Matches one line against the inventory: by id, then by IP for IP lines, then by name narrowed by
 * project, billing dates and region. Stale resources match like live ones (a droplet deleted last
 * week still explains its bill); the result says which.
 */
export function matchLine(line: ParsedLine, derived: DerivedKind, index: InventoryIndex): LineMatch {
  if (derived.tax) return unmatched('tax', null);
  if (derived.kind === null)
    return unmatched('no_inventory_surface', `product "${line.product}" is not one Arcadia knows`);
  if (derived.accountLevel)
    return unmatched('no_inventory_surface', `${line.product} is charged to the account, not to one resource`);
  const kind = targetKind(derived.kind)!;
  if (!index.surfaces.has(kind))
    return unmatched('no_inventory_surface', `Arcadia does not list ${kind} resources (yet)`);

  for (const [via, id] of idFields(kind, line)) {
    const found = index.byId(kind, id);
    if (found) return { match: { ...ref(found), via }, reason: null, detail: null, candidates: [] };
  }
  if (findKindSpec(kind)?.invoice.wholeAccount) {
    // One per account (the container registry): the line bills it, whatever its text says.
    const only = [...index.all()].filter((r) => r.kind === kind);
    if (only.length === 1)
      return { match: { ...ref(only[0]!), via: 'name' }, reason: null, detail: null, candidates: [] };
    if (only.length === 0) return unmatched('resource_never_seen', `no ${kind} in the inventory`);
    return unmatched('ambiguous', `${only.length} ${kind}s in the inventory`, only.slice(0, MAX_CANDIDATES).map(ref));
  }
  if (findKindSpec(kind)?.invoice.byIp) {
    const ip = ipFromDescription(line.description);
    const found = ip ? index.byId(kind, ip) : undefined;
    if (found) return { match: { ...ref(found), via: 'ip' }, reason: null, detail: null, candidates: [] };
    return unmatched(
      'resource_never_seen',
      ip ? `no ${kind} ${ip} in the inventory` : 'no IP address in the description',
    );
  }

  const name = nameFromLine(kind, line, derived.kind);
  const named = name ? index.named(kind, name) : [];
  if (named.length === 0) return unmatched('resource_never_seen', `no ${kind} named "${name}" in the inventory`);
  const narrowed = narrow(named, line, derived, index);
  if (narrowed.length === 1)
    return { match: { ...ref(narrowed[0]!), via: 'name' }, reason: null, detail: null, candidates: [] };
  return unmatched(
    'ambiguous',
    `${narrowed.length} ${kind}s are named "${name}"`,
    narrowed.slice(0, MAX_CANDIDATES).map(ref),
  );
}

/** Each filter applies only when it leaves at least one candidate: a hint, never a reason to lose the match. */
function narrow(
  candidates: IndexedResource[],
  line: ParsedLine,
  derived: DerivedKind,
  index: InventoryIndex,
): IndexedResource[] {
  const filters: ((r: IndexedResource) => boolean)[] = [];
  if (line.projectName) {
    const projects = new Set(index.projectIdsNamed(line.projectName));
    if (projects.size) filters.push((r) => r.projectId !== null && projects.has(r.projectId));
  }
  if (line.start && line.end) filters.push((r) => existedDuring(r, line.start!, line.end!));
  const lowered = line.description.toLowerCase();
  filters.push((r) => r.region !== null && lowered.split(/[^a-z0-9-]+/).includes(r.region.toLowerCase()));
  if (derived.kind === 'droplet_backup') filters.push((r) => r.attrs.backups_enabled === true);
  let remaining = candidates;
  for (const keep of filters) {
    if (remaining.length <= 1) break;
    const kept = remaining.filter(keep);
    if (kept.length > 0) remaining = kept;
  }
  return remaining;
}

/** When a resource came to be: DO's created_at when the kind records it. */
export function createdAt(r: IndexedResource): Date | null {
  const value = r.attrs.created_at;
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Could the resource have been billed between from and to? Unknown creation counts as "yes". */
function existedDuring(r: IndexedResource, from: Date, to: Date): boolean {
  const born = createdAt(r);
  if (born && born >= to) return false;
  if (r.stale && r.staleSince && r.staleSince <= from) return false;
  return true;
}
