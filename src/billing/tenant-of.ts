/**
 * The tenant names a resource's DO tags give it: each tag that starts with the configured
 * ARCADIA_TENANT_TAG_PREFIX (`tenant:acme` with the default prefix), without the prefix. A bare
 * prefix names no one. In tag order, each name once.
 */
export function taggedTenants(tags: readonly string[], prefix: string): string[] {
  const names = tags.filter((t) => t.startsWith(prefix) && t.length > prefix.length).map((t) => t.slice(prefix.length));
  return [...new Set(names)];
}

/**
 * The tenant a finding or alert shows and routes by: the first tenant its tags name, or null.
 * Billing reads every tagged tenant instead (two at once is a conflict it shows).
 */
export function tenantOf(tags: readonly string[], prefix: string): string | null {
  return taggedTenants(tags, prefix)[0] ?? null;
}
