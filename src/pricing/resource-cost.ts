import { PRICE_LIST, perGibCents } from './price-list.js';
import type { PriceBook } from './price-book.js';
import { backupFeeCents } from './backup-fee-cents.js';
import { dropletPrice } from './droplet-price.js';
import { loadBalancerNodes } from './load-balancer-nodes.js';

/**
 * What a stored resource costs a month at list prices, or null when Arcadia cannot price its kind
 * (domains, firewalls, projects and VPC-like kinds are free; Spaces and databases bill by usage or size
 * tables Arcadia does not keep).
 */
export function monthlyCostCents(resource: { kind: string; status?: string | null; attrs?: unknown }, prices: PriceBook): number | null {
  const a = (resource.attrs && typeof resource.attrs === 'object' ? resource.attrs : {}) as Record<string, unknown>;
  const gib = Number(a.size_gigabytes ?? 0);
  switch (resource.kind) {
    case 'droplet': {
      const droplet = dropletPrice(prices, a)?.cents ?? null;
      if (droplet === null) return null;
      return a.backups_enabled === true ? droplet + backupFeeCents(droplet) : droplet;
    }
    case 'volume':
      return perGibCents(gib, PRICE_LIST.volumeMilliCentsPerGiB);
    case 'snapshot':
    case 'droplet_backup':
      return perGibCents(gib, PRICE_LIST.snapshotMilliCentsPerGiB);
    case 'floating_ip':
      return resource.status === 'unassigned' ? PRICE_LIST.reservedIpUnassignedCents : 0;
    case 'load_balancer':
      return loadBalancerNodes(a) * PRICE_LIST.loadBalancerNodeCents;
    case 'domain':
    case 'firewall':
    case 'project':
      return 0;
    default:
      return null;
  }
}
