import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoClient } from '../../src/digitalocean/client.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { slackWebClient } from '../../src/slack/web-client.js';
import { AccessPolicy } from '../../src/slack/access.js';
import { HomePublisher } from '../../src/slack/home/home-publisher.js';
import { HOME_COMMANDS, homeView, type HomeInput, type HomeViewer } from '../../src/slack/home/home-view.js';
import { homeViewer } from '../../src/slack/home/home-viewer.js';
import { ingestInvoiceFile, rematchInvoice } from '../../src/invoice/index.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { detectWaste, openFindings } from '../../src/waste/detect-waste.js';
import { wasteReport } from '../../src/waste/waste-report.js';
import { recordFindingAction } from '../../src/findings/finding-store.js';
import { formatUsd } from '../../src/invoice/money.js';
import { PriceBook } from '../../src/pricing/price-book.js';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
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
const FINANCE = 'U0HOME';
const access = new AccessPolicy({
  ARCADIA_ADMIN_USERS: [],
  ARCADIA_FINANCE_USERS: [FINANCE],
  ARCADIA_ALLOWED_CHANNELS: [],
  ARCADIA_FINANCE_CHANNEL: undefined,
});
const everyButton: Omit<HomeViewer, 'finance'> = { commands: HOME_COMMANDS, commandsRefusal: null };

const input: HomeInput = {
  now,
  kinds: [
    { kind: 'droplet', live: 5, stale: 1, lastStatus: 'succeeded', lastSyncAt: new Date(now.getTime() - 600_000) },
    { kind: 'volume', live: 3, stale: 0, lastStatus: 'failed', lastSyncAt: new Date(now.getTime() - 7_200_000) },
  ],
  wasteCents: 514,
  wasteFindings: 4,
  wasteQuiet: 1,
  spend: { monthToDateCents: 3106, period: '2025-07', lastMonthCents: 17971, lastPeriod: '2025-06', updatedAt: now },
  lastInvoice: { period: '2025-06', totalCents: 17971, lines: 24, matched: 16 },
};

function publisher(policy = access): HomePublisher {
  return new HomePublisher({
    client: slackWebClient({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }),
    doClient: new DoClient({ token: h.standin.token, baseUrl: h.standin.url, retryBaseMs: 1, maxRetries: 0 }),
    access: policy,
    redis: redis(),
    prefix: iso.prefix,
    log: silentLog,
    now: () => now,
  });
}

/** Opens the tab as a user, past the claim that makes a burst of opens one publish. */
async function openAs(user: string): Promise<string> {
  await redis().del(`${iso.prefix}:slack:home:opened:${user}`);
  expect(await publisher().opened(user)).toBe(true);
  return publishedTo(user);
}

/** The text of the last view published to a user. */
function publishedTo(user: string): string {
  const last = slack
    .callsTo('views.publish')
    .filter((c) => c.params.user_id === user)
    .at(-1);
  if (!last) throw new Error(`no Home tab published to ${user}`);
  return JSON.stringify(last.params.view);
}

describe('App Home', () => {
  it('home view for a finance user: matches its golden file and stays within Block Kit limits', async () => {
    const view = homeView(input, { finance: true, ...everyButton });
    expectWithinBlockKitLimits({ text: 'home', blocks: view.blocks });
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: '$5.14/mo of waste in 4 findings' } });
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('./golden/app-home-finance.json');
  });

  it("home view for a finance user once the month's forecast is stored: the forecast first, month to date beside it, per tenant", async () => {
    const forecast = {
      period: '2025-07',
      totalCents: 12_840,
      monthToDateCents: 3190,
      tenants: [
        { name: 'acme', totalCents: 9_120, monthToDateCents: 2_270 },
        { name: 'globex <ops>', totalCents: 3_720, monthToDateCents: 920 },
      ],
    };
    const view = homeView({ ...input, forecast }, { finance: true, ...everyButton });
    expectWithinBlockKitLimits({ text: 'home', blocks: view.blocks });
    const text = JSON.stringify(view);
    expect(text).toContain(
      '*$128.40* forecast for 2025-07 by month end · $31.90 spent so far · 2025-06 total: $179.71',
    );
    expect(text).toContain('• *globex &lt;ops&gt;* $37.20 forecast · $9.20 so far');
    expect(text).not.toContain('on pace for');
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('./golden/app-home-finance-forecast.json');
    expect(JSON.stringify(homeView({ ...input, forecast }, { finance: false, ...everyButton }))).not.toContain(
      'forecast',
    );
  });

  it('home view for anyone else: waste and inventory, no spend or invoice; matches its golden file', async () => {
    const view = homeView(input, { finance: false, ...everyButton });
    expectWithinBlockKitLimits({ text: 'home', blocks: view.blocks });
    const text = JSON.stringify(view);
    expect(text).toContain('$5.14/mo of waste in 4 findings');
    expect(text).toContain('*Inventory*: 8 live, 1 stale');
    expect(text).not.toContain('$31.06');
    expect(text).not.toContain('$179.71');
    expect(text).not.toContain('Last invoice');
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('./golden/app-home-non-finance.json');
  });

  it('offers the buttons only where the commands would run: under a channel allowlist, it says why instead', () => {
    const allowlisted = new AccessPolicy({
      ARCADIA_ADMIN_USERS: [],
      ARCADIA_FINANCE_USERS: [],
      ARCADIA_ALLOWED_CHANNELS: ['C0OPS'],
      ARCADIA_FINANCE_CHANNEL: undefined,
    });
    const viewer = homeViewer(allowlisted, 'U0OPS');
    expect(viewer.commands).toEqual([]);
    // The same sentence `/cloud waste` typed in the DM with Arcadia gets.
    expect(viewer.commandsRefusal).toBe(allowlisted.commandChannel('D0OPS'));
    const text = JSON.stringify(homeView(input, viewer));
    expect(text).not.toContain('home_run_command');
    expect(text).toContain('/cloud is not enabled in this channel. Use it in <#C0OPS>.');
    expect(homeViewer(access, 'U0OPS').commands).toEqual(HOME_COMMANDS);
  });

  it('publishes on app_home_opened with the stand-in account: waste, month-to-date spend, inventory; refreshes at most once a minute', async () => {
    for (const kind of ['project', 'volume', 'floating_ip'] as const) await h.sync(kindSpec(kind));
    await detectWaste({ config: h.config, prices: new PriceBook(), now });
    const home = publisher();
    expect(await home.opened(FINANCE)).toBe(true);
    // Slack sends app_home_opened on every switch to the tab: one publish for a burst.
    expect(await home.opened(FINANCE)).toBe(false);
    const published = slack.callsTo('views.publish');
    expect(published).toHaveLength(1);
    expect(published[0]!.params.user_id).toBe(FINANCE);
    const text = JSON.stringify(published[0]!.params.view);
    expect(text).toContain('$5.00/mo of waste in 2 findings');
    expect(text).toContain(
      '$31.06* spent in 2025-07 so far (5 of 31 days), on pace for $225.38 · 2025-06 total: $179.71',
    );
    expect(text).toContain('*volume*: 3 live');

    expect(await home.refresh()).toEqual([FINANCE]);
    expect(await home.refresh()).toEqual([]);
    expect(slack.callsTo('views.publish')).toHaveLength(2);
  });

  it('shows spend and the last invoice to finance users only, and asks DO for spend only for them', async () => {
    const ingested = await ingestInvoiceFile({
      bytes: readFileSync('test/fixtures/invoices/basic.csv'),
      filename: 'basic.csv',
      source: 'cli',
    });
    // The summary the Home tab reads, stored with the invoice as it is ingested.
    expect((await Invoice.findOne({ period: '2025-06' }).lean())!.matchedLines).toBe(ingested.matched);
    const asked: string[] = [];
    const onRequest = (req: { path: string }) => void asked.push(req.path);
    h.standin.onRequest(onRequest);
    try {
      expect(await publisher().opened('U0OPS')).toBe(true);
      expect(asked.filter((p) => p.includes('invoices'))).toEqual([]);
    } finally {
      h.standin.removeListener(onRequest);
    }
    const ops = publishedTo('U0OPS');
    expect(ops).toContain('$5.00/mo of waste in 2 findings');
    expect(ops).toContain('*volume*: 3 live');
    expect(ops).not.toContain('$31.06');
    expect(ops).not.toContain('Last invoice');
    expect(ops).toContain('Spend and invoices are shown to finance users');

    // One refresh, each user their own view.
    await redis().del(`${iso.prefix}:slack:home:refresh`);
    expect((await publisher().refresh()).sort()).toEqual([FINANCE, 'U0OPS'].sort());
    expect(publishedTo(FINANCE)).toContain('$31.06* spent in 2025-07 so far');
    expect(publishedTo(FINANCE)).toContain('Last invoice 2025-06');
    expect(publishedTo('U0OPS')).not.toContain('$31.06');
  });

  it('shows the last invoice from the summary stored when it was matched: no invoice line is read on open', async () => {
    const report = (await rematchInvoice('2025-06', now))!;
    const line = `Last invoice 2025-06: $179.71, ${report.matched} of ${report.lines} lines matched to resources`;
    expect(report.lines).toBe(24);
    // The summary each match stores: set wrong first, so the rematch is seen writing it.
    await Invoice.updateMany({}, { $set: { matchedLines: 0 } });
    await rematchInvoice('2025-06', now);
    expect((await Invoice.findOne({ period: '2025-06' }).lean())!.matchedLines).toBe(report.matched);

    const lines = await InvoiceLine.find({}).lean();
    await InvoiceLine.deleteMany({});
    try {
      expect(await openAs(FINANCE)).toContain(line);
    } finally {
      await InvoiceLine.collection.insertMany(lines as never[]);
    }
  });

  it('an invoice stored before the summary was kept has its matched lines counted once, then read from the summary', async () => {
    const report = (await rematchInvoice('2025-06', now))!;
    await Invoice.updateMany({}, { $unset: { matchedLines: 1 } });
    expect(await openAs(FINANCE)).toContain(`${report.matched} of 24 lines matched`);
    expect((await Invoice.findOne({ period: '2025-06' }).lean())!.matchedLines).toBe(report.matched);

    await InvoiceLine.deleteMany({});
    expect(await openAs(FINANCE)).toContain(`${report.matched} of 24 lines matched`);
  });

  it('counts in its waste total only the findings `/cloud waste` lists, and says how many are quiet', async () => {
    const findings = await openFindings();
    expect(findings).toHaveLength(2);
    const [acked, open] = [findings[0]!, findings[1]!];
    await recordFindingAction(acked.key, { type: 'acknowledge', by: 'U0OPS', at: now, fingerprint: acked.fingerprint });
    const listed = await wasteReport(now, { tenantTagPrefix: 'tenant:' });
    expect(listed.rows.map((r) => r.key)).toEqual([open.key]);
    const text = await openAs('U0OPS');
    expect(text).toContain(`${formatUsd(open.monthlyCents)}/mo of waste in 1 finding`);
    expect(text).toContain('1 acknowledged or snoozed finding left out, as `/cloud waste` leaves them.');
    // A snooze is quiet too, until it runs out.
    await recordFindingAction(open.key, { type: 'snooze', by: 'U0OPS', at: now, fingerprint: open.fingerprint });
    expect(await openAs('U0OPS')).toContain('$0.00/mo of waste in 0 findings');
  });
});
