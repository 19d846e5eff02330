/**
 * The scope a custom-scoped DO token needs for each endpoint Arcadia calls, so a 401 or 403 can say
 * which one is missing. First match wins; paths are matched without their query.
 */
const SCOPES: [RegExp, string][] = [
  [/^\/v2\/droplets\/[^/]+\/backups/, 'image:read'],
  [/^\/v2\/droplets/, 'droplet:read'],
  [/^\/v2\/volumes/, 'block_storage:read'],
  [/^\/v2\/snapshots/, 'snapshot:read'],
  [/^\/v2\/(reserved|floating)_ips/, 'reserved_ip:read'],
  [/^\/v2\/firewalls/, 'firewall:read'],
  [/^\/v2\/load_balancers/, 'load_balancer:read'],
  [/^\/v2\/domains/, 'domain:read'],
  [/^\/v2\/projects/, 'project:read'],
  [/^\/v2\/databases/, 'database:read'],
  [/^\/v2\/kubernetes/, 'kubernetes:read'],
  [/^\/v2\/apps/, 'app:read'],
  [/^\/v2\/customers\/my\//, 'billing:read'],
];

export function scopeFor(path: string): string | undefined {
  return SCOPES.find(([pattern]) => pattern.test(path))?.[1];
}

/**
 * What a person should do about a 401 or 403 from DO, in one sentence: a 401 is a wrong or revoked
 * token, a 403 a token without the endpoint's scope.
 */
export function tokenProblem(status: number, pathWithQuery: string): string | undefined {
  const path = pathWithQuery.split('?')[0]!;
  const scope = scopeFor(path);
  if (status === 401) return 'DigitalOcean refused DIGITALOCEAN_TOKEN (HTTP 401): the token is wrong, expired or revoked; create one under API → Tokens in the control panel';
  if (status === 403) {
    return `DigitalOcean refused GET ${path} (HTTP 403): DIGITALOCEAN_TOKEN lacks ${scope ? `the ${scope} scope` : 'a scope this call needs'}; give the token that scope (or use a read-only token with every scope)`;
  }
  return undefined;
}
