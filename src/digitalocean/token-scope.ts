/**
 * The token scope DO asks for on an API path (DO's OpenAPI spec), so that a 403 can name the scope to
 * add. The kinds' paths are declared with each kind (its `endpoints`); the registry
 * (src/sync/kinds/index.ts) builds the whole table from them and these, and hands it to the clients
 * (`DoClientOptions.scopeOf`).
 */

/** The scope of each path Arcadia reads that no kind lists: invoices, and provisioning's preflight. */
export const CLIENT_SCOPES: readonly (readonly [path: string, scope: string])[] = [
  ['/v2/customers/my/', 'billing:read'],
  // Billing Insights: the daily spend per SKU the anomaly check reads.
  ['/v2/billing/', 'billing:read'],
  // DO's legacy name for reserved IPs, still answered (and named in older tokens' refusals).
  ['/v2/floating_ips', 'reserved_ip:read'],
  // Provisioning's preflight: the team's droplet limit, and the sizes in their regions.
  ['/v2/account', 'account:read'],
  ['/v2/sizes', 'sizes:read'],
];

export type ScopeOf = (path: string) => string | undefined;

/**
 * A lookup over `[path, scope]` pairs: a path matches a declared one it starts with, up to the
 * declared one's first `{id}` segment; the longest match wins. Paths not declared have no known scope.
 */
export function scopeLookup(entries: Iterable<readonly [path: string, scope: string]>): ScopeOf {
  const prefixes = [...entries]
    .map(([path, scope]) => [path.split('{')[0]!, scope] as const)
    .sort((a, b) => b[0].length - a[0].length);
  return (path) => {
    const bare = path.split('?')[0]!;
    return prefixes.find(([prefix]) => bare.startsWith(prefix))?.[1];
  };
}

/** The scopes of the client's own paths: what a client knows when it is not handed the registry's table. */
export const clientScope: ScopeOf = scopeLookup(CLIENT_SCOPES);
