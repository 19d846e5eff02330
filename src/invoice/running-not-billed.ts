import { findKindSpec } from '../sync/kinds/index.js';
import type { IndexedResource, InventoryIndex } from './inventory-index.js';
import { createdAt } from './match-line.js';
import type { MatchedLine } from './match-lines.js';
import { periodBounds } from './period.js';

export interface NotBilledResource {
  kind: string;
  providerId: string;
  name: string;
  stale: boolean;
  /** Set when DO does not bill this resource on its own line, so its absence is expected. */
  usuallyFree: string | null;
}

export interface RunningNotBilled {
  count: number;
  /** How many of them are expected to be free (firewalls, domains, assigned IPs, cluster workers...). */
  usuallyFreeCount: number;
  /** The first MAX_LISTED, the ones that may mean an incomplete invoice first. */
  items: NotBilledResource[];
  truncated: boolean;
}

const MAX_LISTED = 500;
/** Why DO need not bill this resource on its own line: each kind's spec says (free kinds, assigned IPs, cluster workers). */
function usuallyFree(r: IndexedResource): string | null {
  return findKindSpec(r.kind)?.usuallyFree(r) ?? null;
}

/** Live at some point of the period, as far as Arcadia knows (DO's created_at, else when it was first seen). */
function liveDuring(r: IndexedResource, start: Date, end: Date): boolean {
  const born = createdAt(r) ?? r.firstSeenAt;
  if (born >= end) return false;
  return !(r.stale && r.staleSince && r.staleSince <= start);
}

/** The resources an invoice's lines bill, gathered line by line (bounded by the inventory, not the invoice). */
export class BilledResources {
  readonly billed = new Set<string>();
  readonly backedUp = new Set<string>();

  add(l: MatchedLine): void {
    if (!l.match) return;
    this.billed.add(`${l.match.kind}:${l.match.providerId}`);
    if (l.kind === 'droplet_backup') this.backedUp.add(l.match.providerId);
  }
}

/**
 * The other direction of reconciliation: resources that were running during the period but appear
 * on no line. Mostly free kinds; anything else may mean the invoice is incomplete.
 */
export function runningNotBilled(
  index: InventoryIndex,
  lines: MatchedLine[] | BilledResources,
  period: string,
  until?: Date,
): RunningNotBilled {
  const bounds = periodBounds(period);
  const start = bounds.start;
  // Month to date: only what existed when DO last rebuilt its preview can be on it.
  const end = until && until < bounds.end ? until : bounds.end;
  let seen = lines;
  if (Array.isArray(seen)) {
    seen = new BilledResources();
    for (const l of lines as MatchedLine[]) seen.add(l);
  }
  const { billed, backedUp } = seen;
  const found: NotBilledResource[] = [];
  for (const r of index.all()) {
    if (billed.has(`${r.kind}:${r.providerId}`) || !liveDuring(r, start, end)) continue;
    // A backup is billed on its droplet's "Droplet Backups" line.
    if (r.kind === 'droplet_backup' && backedUp.has(String(r.attrs.droplet_id))) continue;
    found.push({ kind: r.kind, providerId: r.providerId, name: r.name, stale: r.stale, usuallyFree: usuallyFree(r) });
  }
  found.sort(
    (a, b) =>
      Number(a.usuallyFree !== null) - Number(b.usuallyFree !== null) ||
      a.kind.localeCompare(b.kind) ||
      a.name.localeCompare(b.name),
  );
  return {
    count: found.length,
    usuallyFreeCount: found.filter((f) => f.usuallyFree !== null).length,
    items: found.slice(0, MAX_LISTED),
    truncated: found.length > MAX_LISTED,
  };
}

/** Several invoices of one team's period: a resource is unbilled for the period only if no invoice bills it. */
function intersectNotBilled(all: RunningNotBilled[]): RunningNotBilled {
  if (all.length === 1) return all[0]!;
  const key = (r: NotBilledResource) => `${r.kind}:${r.providerId}`;
  const inEvery = all
    .slice(1)
    .reduce((keys, nb) => new Set(nb.items.map(key).filter((k) => keys.has(k))), new Set(all[0]?.items.map(key) ?? []));
  const items = (all[0]?.items ?? []).filter((r) => inEvery.has(key(r)));
  return {
    count: items.length,
    usuallyFreeCount: items.filter((r) => r.usuallyFree !== null).length,
    items,
    truncated: all.some((nb) => nb.truncated),
  };
}

/**
 * A period's invoices, each with its DO team: within a team a resource is unbilled only if none of
 * the team's invoices bills it; each team's list is of its own resources, so the teams' lists add up.
 */
export function mergeNotBilled(all: { account: string; notBilled: RunningNotBilled }[]): RunningNotBilled {
  const byTeam = new Map<string, RunningNotBilled[]>();
  for (const { account, notBilled } of all) byTeam.set(account, [...(byTeam.get(account) ?? []), notBilled]);
  const teams = [...byTeam.values()].map(intersectNotBilled);
  if (teams.length === 1) return teams[0]!;
  const items = teams.flatMap((t) => t.items);
  return {
    count: teams.reduce((n, t) => n + t.count, 0),
    usuallyFreeCount: teams.reduce((n, t) => n + t.usuallyFreeCount, 0),
    items: items.slice(0, MAX_LISTED),
    truncated: teams.some((t) => t.truncated) || items.length > MAX_LISTED,
  };
}
