import type { PriceBook } from './price-book.js';
import { findKindSpec } from '../sync/kinds/index.js';

/**
 * What a stored resource costs a month at list prices, or null when Arcadia cannot price its kind.
 * Each kind declares how (`monthlyCost` in src/sync/kinds/<kind>.ts), from src/pricing/price-list.ts.
 */
export function monthlyCostCents(
  resource: { kind: string; status?: string | null; attrs?: unknown },
  prices: PriceBook,
): number | null {
  const attrs = (resource.attrs && typeof resource.attrs === 'object' ? resource.attrs : {}) as Record<string, unknown>;
  return findKindSpec(resource.kind)?.monthlyCost({ status: resource.status ?? null, attrs }, prices) ?? null;
}
