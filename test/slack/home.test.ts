import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoClient } from '../../src/digitalocean/client.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { slackWebClient } from '../../src/slack/web-client.js';
import { HomePublisher } from '../../src/slack/home/home-publisher.js';
import { homeView, type HomeInput } from '../../src/slack/home/home-view.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { detectWaste } from '../../src/waste/detect-waste.js';
import { PriceBook } from '../../src/pricing/price-book.js';
import { isolation, silentLog, useRedis } from '../helpers/context.js';
import { kindHarness } from '../sync/kinds/harness.js';
import { expectWithinBlockKitLimits } from './block-limits.js';

const iso = isolation();
const h = kindHarness(iso);
const redis = useRedis();
const slack = new SlackStandin();
beforeAll(() => slack.start());
afterAll(() => slack.stop());

const now = new Date('2025-07-05T12:00:00Z');

describe('App Home', () => {
  it('home view: matches its golden file and stays within Block Kit limits', async () => {
    const input: HomeInput = {
      now,
      kinds: [
        { kind: 'droplet', live: 5, stale: 1, lastStatus: 'succeeded', lastSyncAt: new Date(now.getTime() - 600_000) },
        { kind: 'volume', live: 3, stale: 0, lastStatus: 'failed', lastSyncAt: new Date(now.getTime() - 7_200_000) },
      ],
      wasteCents: 514,
      wasteFindings: 4,
      spend: { monthToDateCents: 3106, period: '2025-07', lastMonthCents: 17971, lastPeriod: '2025-06', updatedAt: now },
      lastInvoice: { period: '2025-06', totalCents: 17971, lines: 24, matched: 16 },
    };
    const view = homeView(input);
    expectWithinBlockKitLimits({ text: 'home', blocks: view.blocks });
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: '$5.14/mo of waste in 4 findings' } });
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('./golden/app-home.json');
  });

  it('publishes on app_home_opened with the stand-in account: waste, month-to-date spend, inventory; refreshes at most once a minute', async () => {
    for (const kind of ['project', 'volume', 'floating_ip'] as const) await h.sync(kindSpec(kind));
    await detectWaste({ config: h.config, prices: new PriceBook(), now });
    const publisher = new HomePublisher({
      client: slackWebClient({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }),
      doClient: new DoClient({ token: h.standin.token, baseUrl: h.standin.url, retryBaseMs: 1, maxRetries: 0 }),
      redis: redis(),
      prefix: iso.prefix,
      log: silentLog,
      now: () => now,
    });
    expect(await publisher.opened('U0HOME')).toBe(true);
    // Slack sends app_home_opened on every switch to the tab: one publish for a burst.
    expect(await publisher.opened('U0HOME')).toBe(false);
    const published = slack.callsTo('views.publish');
    expect(published).toHaveLength(1);
    expect(published[0]!.params.user_id).toBe('U0HOME');
    const text = JSON.stringify(published[0]!.params.view);
    expect(text).toContain('$5.00/mo of waste in 2 findings');
    expect(text).toContain('$31.06* spent in 2025-07 so far (2025-06: $179.71)');
    expect(text).toContain('*volume*: 3 live');

    expect(await publisher.refresh()).toEqual(['U0HOME']);
    expect(await publisher.refresh()).toEqual([]);
    expect(slack.callsTo('views.publish')).toHaveLength(2);
  });
});
