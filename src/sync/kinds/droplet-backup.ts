import type { DoPage } from '../../digitalocean/client.js';
import { DoApiError } from '../../errors.js';
import {
  listKind,
  type Endpoint,
  type KindSpec,
  type KindStore,
  type ListContext,
  type StoredResource,
} from '../kind-spec.js';
import { imageFields } from '../image-fields.js';
import { idList, obj, requiredId, str, type Raw } from '../normalize-helpers.js';
import { droplet } from './droplet.js';
import { PRICE_LIST, storedGibCents } from '../../pricing/price-list.js';

/**
 * Per-droplet `/v2/droplets/{id}/backups` calls one run may make. With syncs every 15 minutes that is
 * at most 600 an hour and, even if the whole of a run's calls landed in one minute next to every other
 * kind's (about 35 for a 2,000-droplet account), under DO's 250 a minute.
 */
export const BACKUP_DETAIL_CALLS_PER_RUN = 150;

/** A stored backup turned back into the raw shape `normalize` reads, so an unchanged one stays unchanged. */
function storedAsRaw(doc: StoredResource): Raw {
  const a = doc.attrs;
  return {
    id: doc.providerId,
    name: doc.name,
    droplet_id: a.droplet_id,
    regions: a.regions,
    created_at: a.created_at,
    min_disk_size: a.min_disk_size,
    size_gigabytes: a.size_gigabytes,
    distribution: a.distribution,
  };
}

/** Stored backups among `ids` whose details (size, date) were fetched once: backup images never change. */
async function backupsWithDetails(store: KindStore, ids: string[]): Promise<Map<string, Raw>> {
  const docs = await store.byIds('droplet_backup', ids);
  return new Map(
    docs
      .filter((d) => d.attrs.size_gigabytes !== null && d.attrs.size_gigabytes !== undefined)
      .map((d) => [d.providerId, storedAsRaw(d)]),
  );
}

/** A droplet's backups, or null when the droplet was deleted since it was listed (its backups went with it). */
async function fetchBackups(ctx: ListContext, backups: Endpoint, dropletId: string): Promise<Raw[] | null> {
  const found: Raw[] = [];
  try {
    for await (const page of ctx.client.pages<Raw>(backups.path.replace('{id}', dropletId), backups.key))
      found.push(...page.items);
  } catch (err) {
    if (err instanceof DoApiError && err.status === 404) return null;
    throw err;
  }
  return found.map((b) => ({ ...b, droplet_id: dropletId }));
}

/**
 * The droplets of a finished droplet run, read back from the store: after its complete listing, the
 * live droplets stored are exactly those it listed, with the `backup_ids` it saw. Null when that run
 * did not complete a listing (it failed, or its stale guard tripped), so droplets are listed again.
 */
async function dropletsOfRun(store: KindStore, upstreamRunId: string): Promise<AsyncIterable<DoPage<Raw>> | null> {
  if (!(await store.completedListing('droplet', upstreamRunId))) return null;
  return (async function* pages() {
    let page = 0;
    for await (const docs of store.live('droplet', { pageSize: STORED_PAGE, attrs: ['backup_ids'] })) {
      yield {
        items: docs.map((d) => ({ id: d.providerId, backup_ids: d.attrs.backup_ids ?? [] })),
        total: undefined,
        page: ++page,
      };
    }
  })();
}

/** Droplets per page when read back from the store, as many as DO's largest page. */
const STORED_PAGE = 200;

/**
 * Backups are not in `/v2/snapshots` and carry no droplet id; the droplet listing's `backup_ids` say
 * which exist. The rule that keeps a 2,000-droplet account inside DO's rate limits:
 * - every backup in some droplet's `backup_ids` is listed each run, from the droplet listing alone
 *   (so a rotated-out backup goes stale and a new one appears at once, with its droplet id);
 * - a droplet's `/backups` is called only when one of its `backup_ids` has no stored details yet,
 *   i.e. when its backups changed since the last call, and at most BACKUP_DETAIL_CALLS_PER_RUN a run;
 *   droplets past that wait for the next run, their new backups listed meanwhile without size and date.
 * Steady state: weekly backups mean about one call per backed-up droplet per week.
 * The droplet listing is fetched once per full sync: the kind `follows` droplets, so a full sync runs
 * it after the droplet run and hands that run over, whose listing is read back from the store (no
 * call). Synced alone, or after a droplet run that did not complete its listing, it lists the
 * droplets itself (11 pages for 2,000 droplets).
 */
async function* listBackups(ctx: ListContext, endpoints: readonly Endpoint[]): AsyncIterable<DoPage<Raw>> {
  const backups = endpoints.find((e) => e.key === 'backups')!;
  const stored = ctx.upstreamRunId ? await dropletsOfRun(ctx.store, ctx.upstreamRunId) : null;
  if (ctx.upstreamRunId) {
    ctx.note(
      stored
        ? `droplets read from run ${ctx.upstreamRunId}'s listing`
        : `droplet run ${ctx.upstreamRunId} did not complete a listing; droplets listed again`,
    );
  }
  const droplets = stored ?? listKind(droplet, ctx);
  let fetched = 0;
  let deferred = 0;
  for await (const page of droplets) {
    const backedUp = page.items.map(obj).filter((d) => str(d.id) !== null && idList(d.backup_ids).length > 0);
    if (backedUp.length === 0) continue;
    const known = await backupsWithDetails(
      ctx.store,
      backedUp.flatMap((d) => idList(d.backup_ids)),
    );
    const items: Raw[] = [];
    for (const d of backedUp) {
      const dropletId = str(d.id)!;
      const backupIds = idList(d.backup_ids);
      const changed = backupIds.some((id) => !known.has(id));
      if (changed && fetched < BACKUP_DETAIL_CALLS_PER_RUN) {
        fetched += 1;
        items.push(...((await fetchBackups(ctx, backups, dropletId)) ?? []));
        continue;
      }
      if (changed) deferred += 1;
      items.push(...backupIds.map((id) => known.get(id) ?? { id, droplet_id: dropletId }));
    }
    yield { items, total: undefined, page: page.page };
  }
  if (fetched > 0 || deferred > 0) {
    ctx.note(
      `backup details fetched for ${fetched} droplet(s)` +
        (deferred > 0
          ? `; ${deferred} droplet(s) deferred to later runs (at most ${BACKUP_DETAIL_CALLS_PER_RUN} calls a run)`
          : ''),
    );
  }
}

/** Droplet backups. providerId is the backup's image id; `attrs.droplet_id` lets invoice lines find their droplet. */
export const dropletBackup: KindSpec<'droplet_backup'> = {
  kind: 'droplet_backup',
  follows: 'droplet',
  // The droplet listing (or its stored copy), then each droplet's backups.
  endpoints: [...droplet.endpoints, { path: '/v2/droplets/{id}/backups', key: 'backups', scope: 'image:read' }],
  urnTypes: [],
  projects: 'none',
  // Backup images are priced as snapshots, by size.
  monthlyCost: (r) => storedGibCents(r.attrs, PRICE_LIST.snapshotMilliCentsPerGiB),
  aliases: ['backup'],
  parent: (a) => (a.droplet_id != null ? { kind: 'droplet', providerId: String(a.droplet_id) } : null),
  // "Droplet Backups" bills the droplet backed up, not a backup.
  invoice: { patterns: [{ priority: 30, product: /\bdroplet\s+backups?\b|^backups?$/i }], billedTo: 'droplet' },
  usuallyFree: () => null,
  show: { fields: [['size_gigabytes', 'GiB']] },
  // A droplet's backups are on that droplet's Backups tab.
  console: {
    list: '/images/backups',
    page: (r) =>
      typeof r.attrs.droplet_id === 'string' ? `/droplets/${encodeURIComponent(r.attrs.droplet_id)}/backups` : null,
  },
  standin: { path: '/v2/droplets/3164444/backups', fixture: 'droplet_backups.json' },
  list: listBackups,
  normalize(raw) {
    const image = imageFields(raw);
    return {
      ...image.identity,
      status: 'available',
      attrs: {
        droplet_id: requiredId(raw.droplet_id, 'droplet_id'),
        // size_gigabytes is null until the droplet's backups were fetched (see the rate rule above).
        ...image.attrs,
        distribution: str(raw.distribution),
      },
    };
  },
};
