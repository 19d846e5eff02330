import { type KindSpec } from '../kind-spec.js';
import { idList, listedIdentity, num, str } from '../normalize-helpers.js';
import { PRICE_LIST, storedGibCents } from '../../pricing/price-list.js';

/** Block storage volumes. Billed whether attached or not, so an unattached one is worth seeing. */
export const volume: KindSpec<'volume'> = {
  kind: 'volume',
  endpoints: [{ path: '/v2/volumes', key: 'volumes', scope: 'block_storage:read' }],
  urnTypes: ['volume'],
  projects: 'default',
  monthlyCost: (r) => storedGibCents(r.attrs, PRICE_LIST.volumeMilliCentsPerGiB),
  aliases: [],
  invoice: { patterns: [{ priority: 50, product: /\bvolumes?\b|\bblock storage\b/i }] },
  usuallyFree: () => null,
  show: { fields: [['size_gigabytes', 'GiB']] },
  // Volumes are rows of one page, with no page each.
  console: { list: '/volumes' },
  standin: { fixture: 'volumes.json' },
  normalize(raw) {
    // `droplet_ids` can be null; empty or null both mean unattached.
    const dropletIds = idList(raw.droplet_ids);
    return {
      ...listedIdentity(raw),
      status: dropletIds.length > 0 ? 'attached' : 'unattached',
      attrs: {
        size_gigabytes: num(raw.size_gigabytes),
        filesystem_type: str(raw.filesystem_type),
        filesystem_label: str(raw.filesystem_label),
        description: str(raw.description),
        droplet_ids: dropletIds,
        created_at: str(raw.created_at),
      },
    };
  },
};
