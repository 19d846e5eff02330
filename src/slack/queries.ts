import { Resource } from '../../models/resource.js';
import { lastCompleteListings, listingsByKind } from '../inventory/last-seen.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { consoleUrl } from '../inventory/console-url.js';
import { shownStatus } from '../inventory/shown-status.js';
import { findKindSpec, KIND_SPECS } from '../sync/kinds/index.js';
import type { FoundResource, KindInventory, StaleResource } from './blocks/index.js';

/** The reads behind `/cloud inventory`, `find` and `stale`. An interface so a test can hold one back (the slow-query ack test). */
export interface InventoryQueries {
  inventory(kind?: string): Promise<KindInventory[]>;
  find(term: string): Promise<FoundResource[]>;
  /**
   * Stale resources oldest first (the first `limit` when given) and how many there are in all;
   * those a saga deleted on purpose (teardown, compensation) are left out and only counted.
   */
  stale(kind?: string, limit?: number): Promise<{ items: StaleResource[]; total: number; removedBySaga: number }>;
}

const FIND_LIMIT = 500;

/** Attributes `/cloud find` matches exactly, from every kind's spec. */
function searchableAttrs(): string[] {
  return [...new Set(KIND_SPECS.flatMap((s) => s.show.searchable ?? []))].map((attr) => `attrs.${attr}`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const mongoInventoryQueries: InventoryQueries = {
  async inventory(kind) {
    const match = kind ? { kind } : {};
    const [groups, perAccount] = await Promise.all([
      Resource.aggregate<{ _id: { kind: string; stale: boolean }; n: number }>([
        { $match: match },
        { $group: { _id: { kind: '$kind', stale: '$stale' }, n: { $sum: 1 } } },
      ]),
      lastCompleteListings(),
    ]);
    const listings = listingsByKind(perAccount);
    const byKind = new Map<string, KindInventory>();
    const entry = (k: string) =>
      byKind.get(k) ?? byKind.set(k, { kind: k, live: 0, stale: 0, lastSyncAt: listings.get(k) ?? null }).get(k)!;
    for (const g of groups) entry(g._id.kind)[g._id.stale ? 'stale' : 'live'] += g.n;
    // A kind that synced but holds nothing still shows, with its sync time.
    for (const k of listings.keys()) if (!kind || k === kind) entry(k);
    return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
  },

  async find(term) {
    const exact = term.trim();
    const now = new Date();
    const docs = await Resource.find({
      $or: [
        { providerId: exact },
        ...searchableAttrs().map((path) => ({ [path]: exact })),
        { name: { $regex: escapeRegex(exact), $options: 'i' } },
      ],
    })
      .sort({ stale: 1, kind: 1, name: 1 })
      .limit(FIND_LIMIT)
      .lean();
    const projectIds = [...new Set(docs.map((d) => d.projectId).filter((p): p is string => Boolean(p)))];
    const projects = projectIds.length
      ? await Resource.find({ kind: 'project', providerId: { $in: projectIds } }, { providerId: 1, name: 1 }).lean()
      : [];
    const projectName = new Map(projects.map((p) => [p.providerId, p.name ?? p.providerId]));
    return docs.map((d) => {
      const attrs = (d.attrs ?? {}) as Record<string, unknown>;
      const keyFields: Record<string, string> = {};
      // The fields the kind's spec shows, in its order.
      for (const [attr, label] of findKindSpec(d.kind)?.show.fields ?? []) {
        const v = attrs[attr];
        if ((typeof v === 'string' || typeof v === 'number') && v !== '' && !(label in keyFields))
          keyFields[label] = String(v);
      }
      return {
        ...(d.account && d.account !== DEFAULT_ACCOUNT ? { account: d.account } : {}),
        kind: d.kind,
        providerId: d.providerId,
        name: d.name ?? '',
        region: d.region ?? null,
        status: shownStatus(d, now),
        project: d.projectId ? (projectName.get(d.projectId) ?? d.projectId) : null,
        keyFields,
        stale: d.stale ?? false,
        staleSince: d.staleSince ?? null,
        // Read with attrs: some kinds' pages are named by an attribute (a backup's droplet, a namespace id).
        consoleUrl: consoleUrl(d),
      };
    });
  },

  async stale(kind, limit) {
    const scope = { stale: true, ...(kind ? { kind } : {}) };
    // Gone because a saga deleted it: expected, not for an operator to chase (the stale alert leaves them out too).
    const filter = { ...scope, removedBySaga: null };
    const query = Resource.find(filter, { kind: 1, providerId: 1, name: 1, staleSince: 1 }).sort({
      staleSince: 1,
      _id: 1,
    });
    const [docs, total, removedBySaga] = await Promise.all([
      (limit === undefined ? query : query.limit(limit)).lean(),
      limit === undefined ? undefined : Resource.countDocuments(filter),
      Resource.countDocuments({ ...scope, removedBySaga: { $ne: null } }),
    ]);
    return {
      items: docs.map((d) => ({
        kind: d.kind,
        providerId: d.providerId,
        name: d.name ?? '',
        staleSince: d.staleSince ?? new Date(0),
      })),
      total: total ?? docs.length,
      removedBySaga,
    };
  },
};
