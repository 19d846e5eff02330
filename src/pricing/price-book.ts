import type { DoClient } from '../digitalocean/client.js';
import { PRICE_LIST } from './price-list.js';

/** Where a price came from, so a finding can say how sure it is. */
export type PriceSource = 'resource' | 'live' | 'list';

/**
 * Monthly prices for the waste rules. A droplet's price comes from, in order: the price the sync
 * stored with it (DO's own `size.price_monthly`), the live `/v2/sizes` listing, the list in
 * src/pricing/price-list.ts. Everything else DO prices per product, from the list.
 */
export class PriceBook {
  constructor(private readonly liveSizes: ReadonlyMap<string, number> = new Map()) {}

  /** Cents a month for a droplet size, or null when no source knows it. */
  dropletCents(
    sizeSlug: string | null | undefined,
    storedPriceMonthly?: unknown,
  ): { cents: number; source: PriceSource } | null {
    if (typeof storedPriceMonthly === 'number' && Number.isFinite(storedPriceMonthly) && storedPriceMonthly > 0) {
      return { cents: Math.round(storedPriceMonthly * 100), source: 'resource' };
    }
    if (!sizeSlug) return null;
    const live = this.liveSizes.get(sizeSlug);
    if (live !== undefined) return { cents: live, source: 'live' };
    const listed = PRICE_LIST.dropletSizeCents[sizeSlug];
    return listed === undefined ? null : { cents: listed, source: 'list' };
  }
}

/**
 * Reads `/v2/sizes` for current droplet prices. Any failure (an older stand-in without the endpoint,
 * a token without the scope, an outage) falls back to the list: waste is still priced.
 */
export async function loadPriceBook(client: DoClient | undefined): Promise<PriceBook> {
  if (!client) return new PriceBook();
  const sizes = new Map<string, number>();
  try {
    for await (const page of client.pages<{ slug?: unknown; price_monthly?: unknown }>('/v2/sizes', 'sizes')) {
      for (const s of page.items) {
        if (typeof s.slug === 'string' && typeof s.price_monthly === 'number')
          sizes.set(s.slug, Math.round(s.price_monthly * 100));
      }
    }
  } catch {
    return new PriceBook();
  }
  return new PriceBook(sizes);
}

let cached: { book: PriceBook; at: number } | undefined;

/** The price book, read from DO at most once an hour per process: sizes change rarely. */
export async function currentPriceBook(client: DoClient | undefined, now = Date.now()): Promise<PriceBook> {
  if (cached && now - cached.at < 3_600_000) return cached.book;
  const book = await loadPriceBook(client);
  cached = { book, at: now };
  return book;
}
