/**
 * The DO product a Billing Insights SKU is for. A data point names its SKU (`1-DO-DROP-0109`) but
 * not its product, which is what invoice matching reads (src/invoice/derive-kind.ts); the SKU's
 * family (its second and third parts) says it. DO's own examples show `DO-DROP` (a droplet) and
 * `KS-K8SWN` (a Kubernetes worker node, docs/digitalocean-api.md); the other families are those
 * the stand-in's scenario uses, in the same shape. A SKU of no known family keeps its point with
 * the account, where nothing is guessed.
 */
const FAMILIES: readonly (readonly [prefix: string, product: string])[] = [
  ['DO-DROP', 'Droplets'],
  ['DO-BKUP', 'Droplet Backups'],
  ['DO-SNAP', 'Droplet Snapshots'],
  ['DO-VOL', 'Volumes'],
  ['DO-LB', 'Load Balancers'],
  ['DO-RIP', 'Reserved IPs'],
  ['DO-BW', 'Bandwidth'],
  ['KS-K8S', 'Kubernetes Clusters'],
  ['DB-', 'Database Clusters'],
  ['CR-', 'Container Registry'],
  ['APP-', 'App Platform'],
  ['SP-', 'Spaces Subscription'],
];

export function productOfSku(sku: string): string | null {
  const family = sku.replace(/^\d+-/, '');
  return FAMILIES.find(([prefix]) => family.startsWith(prefix))?.[1] ?? null;
}
