import type { DoPage } from '../../digitalocean/client.js';
import { DoApiError } from '../../errors.js';
import { absenceReason, type Endpoint, type KindSpec, type ListContext } from '../kind-spec.js';
import { num, obj, requiredId, str, type Raw } from '../normalize-helpers.js';

/**
 * The account's container registry: `/v2/registry` is one object, not a list. DO answers 404 when the
 * account has none: a complete listing of nothing, so a registry deleted since goes stale. A 403 (a
 * token without `registry:read`) skips the kind with a note instead. Its tier comes from
 * `/v2/registry/subscription` and is merged in as `subscription`: one resource, two calls.
 */
async function* listRegistry(
  ctx: ListContext,
  [registryAt, subscriptionAt]: readonly Endpoint[],
): AsyncIterable<DoPage<Raw>> {
  let registry: Raw;
  try {
    registry = obj((await ctx.client.get<Raw>(registryAt!.path))[registryAt!.key]);
  } catch (err) {
    if (err instanceof DoApiError && err.status === 404) {
      ctx.note('this account has no container registry (DO answered 404)');
      return;
    }
    const reason = absenceReason(err, 'container registry', registryAt!, ctx.client.tokenName);
    if (reason === null) throw err;
    ctx.skip(reason);
    return;
  }
  const subscription = obj((await ctx.client.get<Raw>(subscriptionAt!.path))[subscriptionAt!.key]);
  yield { items: [{ ...registry, subscription }], total: 1, page: 1 };
}

/** Container Registry. The registry's name is its id; an account has at most one, so its invoice lines all bill it. */
export const containerRegistry: KindSpec<'container_registry'> = {
  kind: 'container_registry',
  endpoints: [
    { path: '/v2/registry', key: 'registry', scope: 'registry:read' },
    { path: '/v2/registry/subscription', key: 'subscription', scope: 'registry:read' },
  ],
  urnTypes: [],
  projects: 'none',
  // Unpriced: registry tiers are not in the price list.
  monthlyCost: () => null,
  aliases: ['registry', 'docr'],
  invoice: { patterns: [{ priority: 140, product: /\bcontainer registry\b/i }], wholeAccount: true },
  usuallyFree: (r) => (r.attrs.tier_slug === 'starter' ? 'the Starter registry tier is free' : null),
  show: {
    fields: [
      ['tier_slug', 'tier'],
      ['storage_usage_gib', 'GiB stored'],
    ],
  },
  // One registry an account: its page is the product's.
  console: { list: '/registry' },
  standin: { fixture: 'registry.json' },
  list: listRegistry,
  normalize(raw) {
    const name = requiredId(raw.name, 'name');
    const tier = obj(obj(raw.subscription).tier);
    const storageBytes = num(raw.storage_usage_bytes);
    return {
      providerId: name,
      name,
      region: str(raw.region),
      status: 'active',
      attrs: {
        tier_slug: str(tier.slug),
        tier_name: str(tier.name),
        monthly_price_in_cents: num(tier.monthly_price_in_cents),
        included_storage_bytes: num(tier.included_storage_bytes),
        storage_usage_bytes: storageBytes,
        storage_usage_gib: storageBytes === null ? null : Math.round((storageBytes / 2 ** 30) * 100) / 100,
        created_at: str(raw.created_at),
      },
    };
  },
};
