import type { DoPage } from '../../digitalocean/client.js';
import { listSpacesBuckets } from '../../digitalocean/spaces.js';
import { consolePageById, type KindSpec, type ListContext } from '../kind-spec.js';
import { requiredId, str, type Raw } from '../normalize-helpers.js';

/**
 * One region's ListBuckets per page. Spaces are not in `/v2`: they are listed through the S3 API with
 * Spaces keys (not the API token), so their requests do not count against the DO API rate limit and
 * are reported in a note. A bucket name seen in an earlier region is not listed again (dedupe by name).
 */
async function* listBuckets(ctx: ListContext): AsyncIterable<DoPage<Raw>> {
  const {
    ARCADIA_SPACES_KEY: key,
    ARCADIA_SPACES_SECRET: secret,
    ARCADIA_SPACES_REGIONS: regions,
    ARCADIA_SPACES_ENDPOINT: endpoint,
  } = ctx.config;
  if (!key || !secret) {
    ctx.skip('Spaces keys not configured (set ARCADIA_SPACES_KEY and ARCADIA_SPACES_SECRET)');
    return;
  }
  const seen = new Set<string>();
  let page = 0;
  let requests = 0;
  for (const region of regions) {
    const listed = await listSpacesBuckets(region, { accessKeyId: key, secretAccessKey: secret }, endpoint);
    requests += listed.requests;
    const fresh = listed.buckets.filter((b) => !seen.has(b.name));
    for (const b of fresh) seen.add(b.name);
    page += 1;
    yield { items: fresh.map((b) => ({ name: b.name, region, creation_date: b.createdAt })), total: undefined, page };
  }
  ctx.note(`${seen.size} bucket(s) from ${regions.length} Spaces region(s), ${requests} S3 request(s)`);
}

/** Spaces buckets. The name is the id (and the URN id, `do:space:<name>`). */
export const spacesBucket: KindSpec<'spaces_bucket'> = {
  kind: 'spaces_bucket',
  // Spaces are listed with Spaces keys through the S3 API, not with the API token.
  endpoints: [],
  urnTypes: ['space'],
  projects: 'default',
  // Unpriced: Spaces bill by usage.
  monthlyCost: () => null,
  aliases: ['bucket', 'space', 'spaces'],
  invoice: {
    patterns: [
      // A subscription or transfer line bills the account, not a bucket.
      { priority: 90, product: /\bspaces\s+(subscription|overage|transfer|bandwidth)/i, accountLevel: true },
      { priority: 100, product: /\bspaces\b/i },
    ],
  },
  usuallyFree: () => null,
  show: { fields: [] },
  // Spaces' S3 ListBuckets, on the stand-in's own origin; the sample account holds one bucket.
  console: { list: '/spaces', page: consolePageById('/spaces') },
  standin: { path: '/', fixture: null },
  list: listBuckets,
  normalize(raw) {
    const name = requiredId(raw.name, 'name');
    return {
      providerId: name,
      name,
      region: str(raw.region),
      status: 'active',
      attrs: { created_at: str(raw.creation_date) },
    };
  },
};
