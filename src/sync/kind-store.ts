import { Resource, resourceKey } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import type { KindStore, StoredResource } from './kind-spec.js';

const PROVIDER = 'digitalocean';

type StoredDoc = { providerId: string; name?: string | null; attrs?: Record<string, unknown> };

/** The projection of `attrs`: the named attributes, or all of them. */
function projection(attrs: readonly string[] | undefined): Record<string, 0 | 1> {
  const fields: Record<string, 0 | 1> = { providerId: 1, name: 1, _id: 0 };
  if (attrs === undefined) fields.attrs = 1;
  else for (const attr of attrs) fields[`attrs.${attr}`] = 1;
  return fields;
}

const asStored = (doc: StoredDoc): StoredResource => ({
  providerId: doc.providerId,
  name: doc.name ?? null,
  attrs: doc.attrs ?? {},
});

/** The store port of a run in one DO team: the reads a kind may make, over the resources and sync runs of that team. */
export function kindStore(account: string): KindStore {
  return {
    async completedListing(kind, runId) {
      const run = await SyncRun.findOne(
        { runId, account, kind, status: 'succeeded', listingCompletedAt: { $ne: null } },
        { _id: 1 },
      ).lean();
      return run !== null;
    },
    async *live(kind, { pageSize, attrs }) {
      const cursor = Resource.find({ provider: PROVIDER, account, kind, stale: false }, projection(attrs))
        .lean<StoredDoc[]>()
        .cursor({ batchSize: pageSize });
      let page: StoredResource[] = [];
      for await (const doc of cursor) {
        page.push(asStored(doc));
        if (page.length < pageSize) continue;
        yield page;
        page = [];
      }
      if (page.length > 0) yield page;
    },
    async byIds(kind, providerIds, options = {}) {
      if (providerIds.length === 0) return [];
      const docs = await Resource.find(
        { _id: { $in: providerIds.map((id) => resourceKey(kind, id, account)) } },
        projection(options.attrs),
      ).lean<StoredDoc[]>();
      return docs.map(asStored);
    },
  };
}
