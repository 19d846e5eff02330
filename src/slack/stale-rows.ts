import { Resource, resourceKey } from '../../models/resource.js';
import { consoleUrl } from '../inventory/console-url.js';
import { resourceAge } from '../inventory/resource-age.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { loadFindingStates } from '../findings/finding-store.js';
import { stateLines } from '../findings/finding-transitions.js';
import { PriceBook } from '../pricing/price-book.js';
import { monthlyCostCents } from '../pricing/resource-cost.js';
import type { Routable } from '../routing/routes.js';
import { tenantOf } from '../billing/tenant-of.js';
import type { FindingRow } from '../findings/finding-row.js';

/** The finding key of a stale resource: its buttons act on this. */
export function staleFindingKey(kind: string, providerId: string, account?: string): string {
  return `stale:${resourceKey(kind, providerId, account)}`;
}

/** Resource lookups a stale alert has in flight at once (the connection pool's size, not the run's). */
const LOOKUPS_AT_ONCE = 50;

/** A stale alert row, with what ARCADIA_ROUTES routes by, and the saga that deleted it, if one did. */
export type StaleRow = FindingRow & Routable & { removedBySaga: string | null };

/** Where the resources are and how their tenant is read: ARCADIA_TENANT_TAG_PREFIX, as tenant billing reads it. */
export interface StaleLookup {
  tenantTagPrefix: string;
  /** Their DO team; absent for the default one. */
  account?: string;
}

/**
 * Stale resources as finding rows: what they cost a month while live (stored prices, else the list),
 * project, tenant, region, since when stale, last seen, and any decision already taken on them.
 */
export async function staleFindingRows(
  kind: string,
  providerIds: readonly string[],
  now: Date,
  lookup: StaleLookup,
): Promise<StaleRow[]> {
  const { account, tenantTagPrefix } = lookup;
  const prices = new PriceBook();
  if (providerIds.length === 0) return [];
  // By primary key, one lookup each (an index lookup on MongoDB and FerretDB alike, where an `$in`
  // over `_id` would scan every stored resource), LOOKUPS_AT_ONCE at a time: a run that staled
  // thousands must not open thousands of queries at once.
  const lookUp = (id: string) => Resource.findById(resourceKey(kind, id, account)).lean();
  const docs: NonNullable<Awaited<ReturnType<typeof lookUp>>>[] = [];
  for (let i = 0; i < providerIds.length; i += LOOKUPS_AT_ONCE) {
    for (const d of await Promise.all(providerIds.slice(i, i + LOOKUPS_AT_ONCE).map(lookUp)))
      if (d !== null) docs.push(d);
  }
  const projectIds = [...new Set(docs.map((d) => d.projectId).filter((p): p is string => Boolean(p)))];
  const projects = projectIds.length
    ? await Resource.find(
        { kind: 'project', account: docs[0]!.account, providerId: { $in: projectIds } },
        { providerId: 1, name: 1 },
      ).lean()
    : [];
  const projectName = new Map(projects.map((p) => [p.providerId, p.name ?? p.providerId]));
  const states = await loadFindingStates(docs.map((d) => staleFindingKey(d.kind, d.providerId, d.account)));
  const rows = docs.map((d): StaleRow => {
    const key = staleFindingKey(d.kind, d.providerId, d.account);
    return {
      key,
      title: `Stale ${d.kind}`,
      account: d.account,
      kind: d.kind,
      providerId: d.providerId,
      name: d.name ?? '',
      // The alert says once that these are missing from DO's listing.
      reason: '',
      monthlyCents: monthlyCostCents(d, prices),
      project: d.projectId ? (projectName.get(d.projectId) ?? d.projectId) : null,
      tenant: tenantOf(d.tags ?? [], tenantTagPrefix),
      projectId: d.projectId ?? null,
      projectName: d.projectId ? (projectName.get(d.projectId) ?? null) : null,
      tags: d.tags ?? [],
      region: d.region ?? null,
      since: d.staleSince ?? now,
      age: resourceAge(d),
      lastSeenAt: d.lastSeenAt,
      consoleUrl: consoleUrl(d),
      stateLines: stateLines(states.get(key), 'stale', now),
      removedBySaga: d.removedBySaga ?? null,
    };
  });
  return rows.sort(
    (a, b) => (b.monthlyCents ?? -1) - (a.monthlyCents ?? -1) || a.providerId.localeCompare(b.providerId),
  );
}

/** What ARCADIA_ROUTES reads about resources that came back (their alert rows carry no finding). */
export async function routableResources(
  kind: string,
  providerIds: readonly string[],
  { account, tenantTagPrefix }: StaleLookup,
): Promise<Map<string, Routable>> {
  if (providerIds.length === 0) return new Map();
  const docs = await Resource.find(
    { _id: { $in: providerIds.map((id) => resourceKey(kind, id, account)) } },
    { providerId: 1, projectId: 1, tags: 1 },
  ).lean();
  const projectIds = [...new Set(docs.map((d) => d.projectId).filter((p): p is string => Boolean(p)))];
  const projects = projectIds.length
    ? await Resource.find(
        { kind: 'project', account: account ?? DEFAULT_ACCOUNT, providerId: { $in: projectIds } },
        { providerId: 1, name: 1 },
      ).lean()
    : [];
  const projectName = new Map(projects.map((p) => [p.providerId, p.name ?? null]));
  return new Map(
    docs.map((d) => [
      d.providerId,
      {
        projectId: d.projectId ?? null,
        projectName: d.projectId ? (projectName.get(d.projectId) ?? null) : null,
        tags: d.tags ?? [],
        tenant: tenantOf(d.tags ?? [], tenantTagPrefix),
      },
    ]),
  );
}
