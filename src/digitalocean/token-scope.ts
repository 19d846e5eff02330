/**
 * The token scope DO asks for on each API path Arcadia reads (DO's OpenAPI spec), so that a 403
 * can name the scope to add. Longest prefix first; paths not listed have no known scope.
 */
const SCOPES: readonly [prefix: string, scope: string][] = [
  ['/v2/droplets/', 'image:read'], // a droplet's backups and snapshots
  ['/v2/droplets', 'droplet:read'],
  ['/v2/volumes', 'block_storage:read'],
  ['/v2/snapshots', 'snapshot:read'],
  ['/v2/reserved_ips', 'reserved_ip:read'],
  ['/v2/floating_ips', 'reserved_ip:read'],
  ['/v2/firewalls', 'firewall:read'],
  ['/v2/load_balancers', 'load_balancer:read'],
  ['/v2/domains', 'domain:read'],
  ['/v2/projects', 'project:read'],
  ['/v2/databases', 'database:read'],
  ['/v2/kubernetes', 'kubernetes:read'],
  ['/v2/apps', 'app:read'],
  ['/v2/registry', 'registry:read'],
  ['/v2/vpcs', 'vpc:read'],
  // NAT gateways are part of DO's VPC product; DO documents no scope of their own.
  ['/v2/vpc_nat_gateways', 'vpc:read'],
  ['/v2/cdn/', 'cdn:read'],
  ['/v2/certificates', 'certificate:read'],
  ['/v2/uptime/', 'uptime:read'],
  ['/v2/reserved_ipv6', 'reserved_ip:read'],
  ['/v2/images', 'image:read'],
  ['/v2/functions/', 'function:read'],
  ['/v2/customers/my/', 'billing:read'],
  // Provisioning's preflight: the team's droplet limit, and the sizes in their regions.
  ['/v2/account', 'account:read'],
  ['/v2/sizes', 'sizes:read'],
];

/** The scope a DO API path needs, or undefined when it is not one Arcadia knows. */
export function tokenScope(path: string): string | undefined {
  const bare = path.split('?')[0]!;
  return SCOPES.find(([prefix]) => bare.startsWith(prefix))?.[1];
}
