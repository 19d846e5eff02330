import { PRICE_LIST } from './price-list.js';

/** How many nodes a stored load balancer bills: `size_unit` now, the deprecated `size` slug on older ones, else one. */
export function loadBalancerNodes(attrs: Record<string, unknown>): number {
  return typeof attrs.size_unit === 'number' && attrs.size_unit > 0 ? attrs.size_unit : (PRICE_LIST.loadBalancerLegacySizeNodes[String(attrs.size)] ?? 1);
}
