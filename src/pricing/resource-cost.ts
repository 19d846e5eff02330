import { PRICE_LIST, perGibCents } from './price-list.js';
import type { PriceBook } from './price-book.js';

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
      const droplet = prices.dropletCents(a.size_slug as string | null, a.price_monthly)?.cents ?? null;
      if (droplet === null) return null;
      return a.backups_enabled === true ? droplet + Math.round((droplet * PRICE_LIST.backupWeeklyPercent) / 100) : droplet;
    }
    case 'volume':
      return perGibCents(gib, PRICE_LIST.volumeMilliCentsPerGiB);
    case 'snapshot':
    case 'droplet_backup':
      return perGibCents(gib, PRICE_LIST.snapshotMilliCentsPerGiB);
    case 'floating_ip':
      return resource.status === 'unassigned' ? PRICE_LIST.reservedIpUnassignedCents : 0;
    case 'load_balancer': {
      const nodes = typeof a.size_unit === 'number' && a.size_unit > 0 ? a.size_unit : (PRICE_LIST.loadBalancerLegacySizeNodes[String(a.size)] ?? 1);
      return nodes * PRICE_LIST.loadBalancerNodeCents;
    }
    case 'domain':
    case 'firewall':
    case 'project':
      return 0;
    default:
      return null;
  }
}
