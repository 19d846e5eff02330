import type { PriceBook, PriceSource } from './price-book.js';

/** A stored droplet's monthly price, from the size and price the sync stored in its attributes. */
export function dropletPrice(
  prices: PriceBook,
  attrs: Record<string, unknown>,
): { cents: number; source: PriceSource } | null {
  return prices.dropletCents(attrs.size_slug as string | null, attrs.price_monthly);
}
