import { type KindSpec } from '../kind-spec.js';
import { imageFields } from '../image-fields.js';
import { str, tags } from '../normalize-helpers.js';
import { PRICE_LIST, storedGibCents } from '../../pricing/price-list.js';

/**
 * Droplet and volume snapshots as one kind: `/v2/snapshots` without a `resource_type` filter returns
 * both in one sweep, and `attrs.resource_type` tells them apart. A snapshot whose `resource_id` no
 * longer names a live droplet or volume is an orphan that still costs money.
 */
export const snapshot: KindSpec<'snapshot'> = {
  kind: 'snapshot',
  endpoints: [{ path: '/v2/snapshots', key: 'snapshots', scope: 'snapshot:read' }],
  urnTypes: [],
  projects: 'none',
  monthlyCost: (r) => storedGibCents(r.attrs, PRICE_LIST.snapshotMilliCentsPerGiB),
  aliases: [],
  // A snapshot whose source is recorded inherits that droplet's or volume's tenant.
  parent: (a) =>
    a.resource_id != null && a.resource_id !== ''
      ? { kind: a.resource_type === 'volume' ? 'volume' : 'droplet', providerId: String(a.resource_id) }
      : null,
  invoice: {
    patterns: [{ priority: 20, product: /\b(droplet|volume|block storage)\s+snapshots?\b|^snapshots?$/i }],
    idColumn: 'resource_id',
  },
  usuallyFree: () => null,
  show: { fields: [['size_gigabytes', 'GiB']] },
  // Snapshots are listed per source type, on two tabs of the Images page, with no page each.
  console: {
    list: '/images/snapshots/droplets',
    page: (r) => (r.attrs.resource_type === 'volume' ? '/images/snapshots/volumes' : '/images/snapshots/droplets'),
  },
  standin: { fixture: 'snapshots.json' },
  // Snapshots change slowly and are the most paginated listing: hourly (at :33), not every 15 minutes.
  schedule: 'hourly',
  normalize(raw) {
    const resourceType = str(raw.resource_type);
    if (resourceType !== 'droplet' && resourceType !== 'volume')
      throw new Error(`unexpected resource_type ${String(raw.resource_type)}`);
    const image = imageFields(raw);
    return {
      ...image.identity,
      status: 'available',
      // `tags` is null on some volume snapshots.
      tags: tags(raw.tags),
      attrs: {
        ...image.attrs,
        resource_type: resourceType,
        // A string in this listing, though droplet ids are integers elsewhere.
        resource_id: str(raw.resource_id),
      },
    };
  },
};
