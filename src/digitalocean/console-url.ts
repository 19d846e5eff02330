/**
 * Where a resource lives in DigitalOcean's control panel, for "Open in DigitalOcean" buttons and
 * links. Kinds without a page of their own link to their product's list.
 */
const CONSOLE = 'https://cloud.digitalocean.com';

export function consoleUrl(resource: { kind: string; providerId: string; name?: string | null; attrs?: unknown }): string {
  const id = encodeURIComponent(resource.providerId);
  const attrs = (resource.attrs && typeof resource.attrs === 'object' ? resource.attrs : {}) as Record<string, unknown>;
  switch (resource.kind) {
    case 'droplet':
      return `${CONSOLE}/droplets/${id}`;
    case 'droplet_backup':
      return typeof attrs.droplet_id === 'string' ? `${CONSOLE}/droplets/${encodeURIComponent(attrs.droplet_id)}/backups` : `${CONSOLE}/images/backups`;
    case 'volume':
      return `${CONSOLE}/volumes`;
    case 'snapshot':
      return `${CONSOLE}/images/snapshots/${attrs.resource_type === 'volume' ? 'volumes' : 'droplets'}`;
    case 'floating_ip':
      return `${CONSOLE}/networking/reserved_ips`;
    case 'load_balancer':
      return `${CONSOLE}/networking/load_balancers/${id}`;
    case 'firewall':
      return `${CONSOLE}/networking/firewalls/${id}/rules`;
    case 'domain':
      return `${CONSOLE}/networking/domains/${id}`;
    case 'kubernetes_cluster':
      return `${CONSOLE}/kubernetes/clusters/${id}`;
    case 'managed_db':
      return `${CONSOLE}/databases/${id}`;
    case 'project':
      return `${CONSOLE}/projects/${id}`;
    case 'spaces_bucket':
      return `${CONSOLE}/spaces`;
    default:
      return CONSOLE;
  }
}

const LIST_PAGES: Record<string, string> = {
  droplet: '/droplets',
  droplet_backup: '/images/backups',
  volume: '/volumes',
  snapshot: '/images/snapshots/droplets',
  floating_ip: '/networking/reserved_ips',
  load_balancer: '/networking/load_balancers',
  firewall: '/networking/firewalls',
  domain: '/networking/domains',
  kubernetes_cluster: '/kubernetes/clusters',
  managed_db: '/databases',
  project: '/projects',
  spaces_bucket: '/spaces',
};

/** A kind's list page in the control panel. */
export function consoleListUrl(kind: string): string {
  return `${CONSOLE}${LIST_PAGES[kind] ?? ''}`;
}
