import { describe, expect, it } from 'vitest';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { staleFindingRows } from '../../src/slack/stale-rows.js';
import { findingBlocks } from '../../src/slack/blocks/finding-blocks.js';
import { formatAge } from '../../src/slack/blocks/mrkdwn.js';
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

  it("ages a resource from DO's created_at, and one DO gives no date only as first seen, so the alert never says Age 0s", async () => {
    await h.reset();
    await h.sync(kindSpec('volume'));
    const gone = h.standin.account.volumes.shift()!;
    await h.sync(kindSpec('volume'));
    const now = new Date();
    const [row] = await staleFindingRows('volume', [String(gone.id)], now, {
      tenantTagPrefix: h.config.ARCADIA_TENANT_TAG_PREFIX,
    });
    expect(row!.age).toEqual({ at: new Date(String(gone.created_at)), basis: 'created' });
    const facts = JSON.stringify(findingBlocks(row!, now));
    expect(facts).toContain(`Age ${formatAge(now.getTime() - new Date(String(gone.created_at)).getTime())}`);

    // Reserved IPs carry no creation date in DO's listing: only when Arcadia first saw one.
    await h.sync(kindSpec('floating_ip'));
    const ip = h.standin.account.reserved_ips.shift()!;
    await h.sync(kindSpec('floating_ip'));
    const [ipRow] = await staleFindingRows('floating_ip', [String(ip.ip)], now, {
      tenantTagPrefix: h.config.ARCADIA_TENANT_TAG_PREFIX,
    });
    expect(ipRow!.age.basis).toBe('first_seen');
    expect(JSON.stringify(findingBlocks(ipRow!, now))).toMatch(/First seen \S+ ago · Last seen/);
    expect(JSON.stringify(findingBlocks(ipRow!, now))).not.toContain('Age ');
  });
});
