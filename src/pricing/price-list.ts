/**
 * DigitalOcean list prices, in integer cents a month: the one place Arcadia keeps them.
 *
 * Sources: DigitalOcean's pricing pages (docs.digitalocean.com/products/<product>/details/pricing/,
 * e.g. .../volumes/details/pricing/, .../networking/reserved-ips/details/pricing/,
 * .../snapshots/details/pricing/, .../backups/details/pricing/, .../networking/load-balancers/details/pricing/,
 * .../kubernetes/details/pricing/) and the sample account's
 * invoice, whose lines these reproduce (s-1vcpu-1gb $6, backups 20%, snapshots $0.06/GiB,
 * volumes $0.10/GiB, 1-node LB $12, unassigned reserved IP $4). Per-GiB prices are kept in
 * tenths of a cent so a 2.34 GiB snapshot is priced before rounding, not after.
 *
 * Droplet sizes are a fallback only: a droplet's own `size.price_monthly` (stored by the sync) and
 * the live `/v2/sizes` listing come first (src/pricing/price-book.ts).
 */
export const PRICE_LIST = {
  /** Block storage volume, per GiB a month. $0.10. */
  volumeMilliCentsPerGiB: 10_000,
  /** Droplet or volume snapshot, per GiB a month. $0.06. */
  snapshotMilliCentsPerGiB: 6_000,
  /** A reserved IPv4 that is not assigned to a droplet (assigned ones are free). $4. */
  reservedIpUnassignedCents: 400,
  /** A reserved IPv4 assigned to a droplet: free. */
  reservedIpAssignedCents: 0,
  /** Backups as a share of the droplet's price: weekly 20%, daily 30%. */
  backupWeeklyPercent: 20,
  backupDailyPercent: 30,
  /** Load balancer: per node (`size_unit`); legacy `size` slugs priced as their node count. $12 a node. */
  loadBalancerNodeCents: 1_200,
  loadBalancerLegacySizeNodes: { 'lb-small': 1, 'lb-medium': 3, 'lb-large': 6 } as Record<string, number>,
  /** DOKS high-availability control plane; the standard control plane is free. $40. */
  kubernetesHaControlPlaneCents: 4_000,
  /** Droplet sizes, for droplets stored without a price and when `/v2/sizes` is not available. */
  dropletSizeCents: {
    's-1vcpu-512mb-10gb': 400,
    's-1vcpu-1gb': 600,
    's-1vcpu-2gb': 1_200,
    's-2vcpu-2gb': 1_800,
    's-2vcpu-4gb': 2_400,
    's-4vcpu-8gb': 4_800,
    's-8vcpu-16gb': 9_600,
    'g-2vcpu-8gb': 6_300,
    'c-2': 4_200,
  } as Record<string, number>,
} as const;

/** Cents for `gib` GiB at a per-GiB price in thousandths of a cent, rounded half up once. */
export function perGibCents(gib: number, milliCentsPerGiB: number): number {
  return Math.round((Math.round(gib * 1000) * milliCentsPerGiB) / 1_000_000);
}

/** What weekly backups add to a droplet a month: a share of the droplet's own price, in whole cents. */
export function backupFeeCents(dropletCents: number): number {
  return Math.round((dropletCents * PRICE_LIST.backupWeeklyPercent) / 100);
}

/** How many nodes a stored load balancer bills: `size_unit` now, the deprecated `size` slug on older ones, else one. */
export function loadBalancerNodes(attrs: Record<string, unknown>): number {
  return typeof attrs.size_unit === 'number' && attrs.size_unit > 0
    ? attrs.size_unit
    : (PRICE_LIST.loadBalancerLegacySizeNodes[String(attrs.size)] ?? 1);
}

/** A stored volume's, snapshot's or backup's size at a per-GiB price (`size_gigabytes`, 0 when unknown). */
export function storedGibCents(attrs: Record<string, unknown>, milliCentsPerGiB: number): number {
  return perGibCents(Number(attrs.size_gigabytes ?? 0), milliCentsPerGiB);
}
