import { describe, expect, it } from 'vitest';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { staleFindingRows } from '../../src/slack/stale-rows.js';
import { isolation } from '../helpers/context.js';
import { kindHarness } from '../sync/kinds/harness.js';

const h = kindHarness(isolation());

describe('stale alert facts', () => {
  it('a volume gone from the listing carries its cost while live, project, region and console link', async () => {
    await h.reset();
    for (const kind of ['project', 'volume'] as const) await h.sync(kindSpec(kind));
    const gone = h.standin.account.volumes.shift()!;
    const result = await h.sync(kindSpec('volume'));
    expect(result.newlyStale.map((r) => r.providerId)).toEqual([gone.id]);

    const now = new Date();
    const [row] = await staleFindingRows('volume', [String(gone.id)], now);
    expect(row).toMatchObject({
      key: `stale:digitalocean:volume:${String(gone.id)}`,
      name: 'assets-data',
      monthlyCents: 1000,
      region: 'nyc3',
      consoleUrl: 'https://cloud.digitalocean.com/volumes',
      stateLines: [],
    });
    expect(row!.project).toBe('my-web-api');
    expect(row!.since.getTime()).toBeLessThanOrEqual(now.getTime());
  });
});
