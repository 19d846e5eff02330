import type { DoPage } from '../../digitalocean/client.js';
import type { Endpoint, KindSpec, ListContext } from '../kind-spec.js';
import { imageFields } from '../image-fields.js';
import { str, tags, type Raw } from '../normalize-helpers.js';

/**
 * `/v2/images?private=true` returns every image the account owns: droplet snapshots and backups
 * (which the snapshot and droplet_backup kinds already hold) as well as uploaded custom images.
 * Only `type: custom` ones are this kind's; the page keeps its number so paging notes stay right.
 */
async function* listCustomImages(ctx: ListContext, [images]: readonly Endpoint[]): AsyncIterable<DoPage<Raw>> {
  for await (const page of ctx.client.pages<Raw>(images!.path, images!.key, images!.query)) {
    yield { items: page.items.filter((image) => image.type === 'custom'), total: undefined, page: page.page };
  }
}

/** Custom images uploaded to DO (billed like snapshots, by size). Integer ids, as droplet snapshots. */
export const customImage: KindSpec<'custom_image'> = {
  kind: 'custom_image',
  endpoints: [{ path: '/v2/images', key: 'images', scope: 'image:read', query: { private: 'true' } }],
  urnTypes: [],
  projects: 'none',
  // Unpriced: custom images are not in the price list.
  monthlyCost: () => null,
  aliases: ['image'],
  invoice: { patterns: [{ priority: 25, product: /\bcustom images?\b/i }], idColumn: 'resource_id' },
  usuallyFree: () => null,
  show: {
    fields: [
      ['size_gigabytes', 'GiB'],
      ['distribution', 'distribution'],
    ],
  },
  // Custom images are listed on one tab of the Images page; no image has a page of its own.
  console: { list: '/images/custom_images' },
  standin: { fixture: 'images.json' },
  list: listCustomImages,
  normalize(raw) {
    const image = imageFields(raw);
    return {
      ...image.identity,
      status: str(raw.status),
      tags: tags(raw.tags),
      attrs: {
        ...image.attrs,
        distribution: str(raw.distribution),
        description: str(raw.description),
        error_message: str(raw.error_message) || null,
      },
    };
  },
};
