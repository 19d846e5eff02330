import { beforeEach, describe, expect, it } from 'vitest';
import { containerRegistry } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness, matchInvoiceRows } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('container_registry', () => {
  it('is one resource from /v2/registry and its subscription: two calls', async () => {
    expect(await h.sync(containerRegistry)).toMatchObject({ status: 'succeeded', listed: 1, created: 1, apiCalls: 2 });
    expect(await h.stored('container_registry', 'example-registry')).toMatchObject({
      region: 'nyc3',
      attrs: {
        tier_slug: 'basic',
        tier_name: 'Basic',
        monthly_price_in_cents: 500,
        storage_usage_bytes: 1073741824,
        storage_usage_gib: 1,
      },
    });
    expect(h.standin.requestCount('/v2/registry/subscription')).toBe(1);
  });

  it('an account without a registry (DO answers 404) lists none, so a deleted registry goes stale', async () => {
    await h.sync(containerRegistry);
    h.standin.account.registry = null;
    const result = await h.sync(containerRegistry, { force: true });
    expect(result).toMatchObject({ status: 'succeeded', listed: 0, markedStale: 1 });
    expect(result.notes.join(' ')).toMatch(/no container registry \(DO answered 404/);
    expect(await h.stored('container_registry', 'example-registry')).toMatchObject({ stale: true });
  });

  it('a token without registry:read (403) is skipped with the scope to add; a 500 still fails', async () => {
    h.standin.inject({ path: '/v2/registry', status: 403, times: 1 });
    const refused = await h.sync(containerRegistry);
    expect(refused.status).toBe('succeeded');
    expect(refused.notes.join(' ')).toMatch(/add the registry:read scope/);
    h.standin.inject({ path: '/v2/registry', status: 500 });
    await expect(h.sync(containerRegistry)).rejects.toThrow(/500/);
  });

  it('its subscription line bills the registry, whatever the line says', async () => {
    await h.sync(containerRegistry);
    const [line] = await matchInvoiceRows([['Container Registry', '', 'Basic subscription', '5.00']]);
    expect(line).toMatchObject({ kind: 'container_registry', reason: null, match: { providerId: 'example-registry' } });
  });
});
