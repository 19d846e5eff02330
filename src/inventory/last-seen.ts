import { SyncRun } from '../../models/sync-run.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';

/** Listings are per team: a kind's last listing in one account says nothing of another's resources. */
const listingKey = (account: string | null | undefined, kind: string) => `${account ?? DEFAULT_ACCOUNT}/${kind}`;

/**
 * When each kind last finished a complete listing, per account. A live (not stale) resource was, by
 * definition, in that listing, so this is its last sighting; the sync engine therefore doesn't
 * rewrite every unchanged resource on every run just to bump a timestamp.
 */
export async function lastCompleteListings(): Promise<Map<string, Date>> {
  const runs = await SyncRun.find(
    { status: 'succeeded', listingCompletedAt: { $ne: null } },
    { account: 1, kind: 1, listingCompletedAt: 1, _id: 0 },
  )
    .sort({ listingCompletedAt: -1 })
    .limit(1000)
    .lean();
  const latest = new Map<string, Date>();
  for (const run of runs) {
    const key = listingKey(run.account, run.kind);
    if (run.listingCompletedAt && !latest.has(key)) latest.set(key, run.listingCompletedAt);
  }
  return latest;
}

/** A resource's last sighting: its own timestamp, or its kind's last complete listing if it is live and that is later. */
export function lastSeenAt(
  resource: { account?: string | null; kind: string; stale?: boolean | null; lastSeenAt: Date },
  listings: Map<string, Date>,
): Date {
  const listing = listings.get(listingKey(resource.account, resource.kind));
  if (resource.stale || !listing || listing < resource.lastSeenAt) return resource.lastSeenAt;
  return listing;
}

/**
 * Per kind, the oldest of its accounts' last complete listings: every account's resources of the
 * kind were listed since then (what a per-kind summary can honestly say).
 */
export function listingsByKind(listings: Map<string, Date>): Map<string, Date> {
  const byKind = new Map<string, Date>();
  for (const [key, at] of listings) {
    const kind = key.slice(key.indexOf('/') + 1);
    const known = byKind.get(kind);
    if (!known || at < known) byKind.set(kind, at);
  }
  return byKind;
}
