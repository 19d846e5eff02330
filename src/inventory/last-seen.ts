import { SyncRun } from '../../models/sync-run.js';

/**
 * When each kind last finished a complete listing. A live (not stale) resource was, by definition,
 * in that listing, so this is its last sighting; the sync engine therefore doesn't rewrite every
 * unchanged resource on every run just to bump a timestamp.
 */
export async function lastCompleteListings(): Promise<Map<string, Date>> {
  const runs = await SyncRun.find({ status: 'succeeded', listingCompletedAt: { $ne: null } }, { kind: 1, listingCompletedAt: 1, _id: 0 })
    .sort({ listingCompletedAt: -1 })
    .limit(1000)
    .lean();
  const latest = new Map<string, Date>();
  for (const run of runs) if (run.listingCompletedAt && !latest.has(run.kind)) latest.set(run.kind, run.listingCompletedAt);
  return latest;
}

/** A resource's last sighting: its own timestamp, or its kind's last complete listing if it is live and that is later. */
export function lastSeenAt(resource: { kind: string; stale?: boolean | null; lastSeenAt: Date }, listings: Map<string, Date>): Date {
  const listing = listings.get(resource.kind);
  if (resource.stale || !listing || listing < resource.lastSeenAt) return resource.lastSeenAt;
  return listing;
}
