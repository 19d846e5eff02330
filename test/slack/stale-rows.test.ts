import { describe, expect, it } from 'vitest';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { staleFindingRows } from '../../src/slack/stale-rows.js';
import { isolation } from '../helpers/context.js';
import { kindHarness } from '../sync/kinds/harness.js';

// Tenants here are tagged `customer:<name>`, not the default prefix.
const h = kindHarness(isolation(), { ARCADIA_TENANT_TAG_PREFIX: 'customer:' });

describe('stale alert facts', () => {
  it('a volume gone from the listing carries its cost while live, project, tenant (by the configured prefix), region and console link', async () => {
    await h.reset();
    // A default-prefix tag names no tenant once the prefix is another.
    h.standin.account.volumes[0]!.tags = ['tenant:acme', 'customer:globex'];
    for (const kind of ['project', 'volume'] as const) await h.sync(kindSpec(kind));
    const gone = h.standin.account.volumes.shift()!;
    const result = await h.sync(kindSpec('volume'));
    expect(result.newlyStale.map((r) => r.providerId)).toEqual([gone.id]);

    const now = new Date();
    const [row] = await staleFindingRows('volume', [String(gone.id)], now, {
      tenantTagPrefix: h.config.ARCADIA_TENANT_TAG_PREFIX,
    });
    expect(row).toMatchObject({
      key: `stale:digitalocean:volume:${String(gone.id)}`,
      name: 'assets-data',
      monthlyCents: 1000,
      tenant: 'globex',
      region: 'nyc3',
      consoleUrl: 'https://cloud.digitalocean.com/volumes',
      stateLines: [],
    });
    expect(row!.project).toBe('my-web-api');
    expect(row!.since.getTime()).toBeLessThanOrEqual(now.getTime());
  });
});
