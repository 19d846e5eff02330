import { describe, expect, it } from 'vitest';
import { findingAssignedMessage } from '../../src/slack/blocks/finding-blocks.js';
import {
  LIMITS,
  findMessage,
  helpMessage,
  inventoryMessage,
  invoiceSummaryMessage,
  noticeMessage,
  renderForTerminal,
  staleAlertMessage,
  staleMessage,
  suspiciousSyncAlertMessage,
  syncFailedAlertMessage,
  syncQueuedMessage,
  syncResultsMessage,
  uploadFailedMessage,
  uploadInvalidMessage,
  uploadReceivedMessage,
  uploadRefusedMessage,
  type InvoiceSummaryInput,
  type SlackMessage,
} from '../../src/slack/index.js';
import { SUBCOMMANDS } from '../../commands/index.js';
import { staleCsv, STALE_SHOWN } from '../../src/slack/blocks/stale.js';

const now = new Date('2025-07-05T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

/** Every limit of Slack's Block Kit reference that these messages could run into. */
function expectWithinLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (block.type === 'section') {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect((block.fields ?? []).length).toBeLessThanOrEqual(LIMITS.sectionFields);
      for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
  }
}

const invoice: InvoiceSummaryInput = {
  // A CSV names no invoice: the stored id is a content hash, which no message may show.
  invoice: {
    id: `sha256:${'2e148e5a'.repeat(8)}`,
    account: 'default',
    period: '2025-06',
    number: null,
    source: 'upload',
    format: 'csv',
    filename: 'june.csv',
    ingestedAt: '',
    matchedAt: '',
  },
  lines: 5,
  matched: 3,
  matchedStale: 1,
  matchRate: 0.6,
  matchRateByAmount: 0.7541,
  totalCents: 4122,
  matchedCents: 3108,
  totalsByKind: [
    { kind: 'droplet', lines: 2, cents: 1200 },
    { kind: 'tax', lines: 1, cents: 214 },
    { kind: 'volume', lines: 2, cents: 2708 },
  ],
  totalsByProject: [
    { project: 'my-web-api', lines: 3, cents: 3000 },
    { project: '(no project)', lines: 2, cents: 1122 },
  ],
  unmatchedByReason: [
    { reason: 'resource_never_seen', lines: 1, cents: 800 },
    { reason: 'tax', lines: 1, cents: 214 },
  ],
  totalsCheck: {
    expectedCents: null,
    actualCents: 4122,
    differenceCents: null,
    source: 'none',
    ok: null,
    message: '',
    breakdown: null,
  },
  items: [
    { line: 2, product: 'Droplets', description: 'web-01 (s-1vcpu-1gb)', amount: 600, reason: null, detail: null },
    {
      line: 3,
      product: 'Volumes',
      description: 'ghost <data> & more',
      amount: 800,
      reason: 'resource_never_seen',
      detail: null,
    },
    { line: 6, product: 'Taxes', description: 'GST (10%)', amount: 214, reason: 'tax', detail: null },
  ],
};

/** One golden file per message kind: a change to what people see shows up in review as a diff. */
const KINDS: Record<string, SlackMessage> = {
  help: helpMessage(SUBCOMMANDS.map((s) => s.help)),
  notice: noticeMessage('Only Arcadia admins may run `sync`.', 'Ask an admin.'),
  inventory: inventoryMessage({
    now,
    kinds: [
      { kind: 'domain', live: 2, stale: 0, lastSyncAt: hoursAgo(0.25) },
      { kind: 'droplet', live: 3, stale: 1, lastSyncAt: hoursAgo(26) },
      { kind: 'volume', live: 0, stale: 0, lastSyncAt: null },
    ],
  }),
  find: findMessage({
    term: 'web',
    matches: [
      {
        kind: 'droplet',
        providerId: '3164444',
        name: 'web-01',
        region: 'nyc3',
        status: 'active',
        project: 'my-web-api',
        keyFields: { ip: '104.131.186.241', size: 's-1vcpu-1gb' },
        stale: false,
        staleSince: null,
        consoleUrl: 'https://cloud.digitalocean.com/droplets/3164444',
      },
      {
        kind: 'droplet',
        providerId: '3164450',
        name: 'web-old',
        region: 'nyc3',
        status: 'active',
        project: null,
        keyFields: {},
        stale: true,
        staleSince: hoursAgo(50),
        consoleUrl: 'https://cloud.digitalocean.com/droplets/3164450',
      },
    ],
  }),
  stale: staleMessage({
    now,
    total: 2,
    items: [
      { kind: 'volume', providerId: 'vol-1', name: 'scratch', staleSince: hoursAgo(80) },
      { kind: 'droplet', providerId: '42', name: 'old-worker', staleSince: hoursAgo(3) },
    ],
  }),
  'sync-queued': syncQueuedMessage({ queued: ['droplet', 'volume'], joined: ['domain'] }),
  'sync-results': syncResultsMessage({
    results: [
      {
        kind: 'domain',
        status: 'failed',
        listed: 0,
        created: 0,
        updated: 0,
        markedStale: 0,
        revived: 0,
        error: 'DigitalOcean GET /v2/domains failed: HTTP 500',
      },
      {
        kind: 'droplet',
        status: 'succeeded',
        listed: 452,
        created: 2,
        updated: 1,
        markedStale: 3,
        revived: 0,
        error: null,
      },
      {
        kind: 'spaces_bucket',
        status: 'skipped',
        skippedBecause: 'Spaces keys not configured (set ARCADIA_SPACES_KEY and ARCADIA_SPACES_SECRET)',
        listed: 0,
        created: 0,
        updated: 0,
        markedStale: 0,
        revived: 0,
        error: null,
      },
    ],
  }),
  'stale-alert': staleAlertMessage({
    kind: 'droplet',
    runId: 'run-7',
    newlyStale: [{ providerId: '42', name: 'old-worker' }],
    newlyRevived: [{ providerId: '43', name: 'back-again' }],
  }),
  'suspicious-sync-alert': suspiciousSyncAlertMessage({
    kind: 'droplet',
    runId: 'sync-droplet-tick-20261127T0815',
    reason:
      'listing would mark 350 of 452 droplet(s) stale at once (over 50%); nothing was marked. If the account really shrank, run the sync with --force.',
  }),
  'sync-failed-alert': syncFailedAlertMessage({
    kind: 'volume',
    error: 'DigitalOcean answered HTTP 503 to GET /v2/volumes (ref 1f2e3d4c).',
    attempts: 3,
  }),
  'invoice-summary': invoiceSummaryMessage(invoice),
  'finding-assigned': findingAssignedMessage({
    by: 'UADMIN',
    channel: 'CALERTS',
    summary: '*$4.00/mo* · `45.55.96.50`\nreserved IP assigned to no droplet',
  }),
  'upload-received': uploadReceivedMessage('june.csv'),
  'upload-refused': uploadRefusedMessage('june.pdf', 'only CSV invoices are taken, and this is a pdf file'),
  'upload-invalid': uploadInvalidMessage({
    filename: 'june.csv',
    problems: [{ line: 7, problem: 'USD "12,x" is not an amount' }],
  }),
  'upload-invalid-lines': uploadInvalidMessage({
    filename: 'june.csv',
    problems: [
      { line: 7, problem: 'USD "12,x" is not an amount' },
      { line: 9, problem: 'end 2025-05-31T00:00:00.000Z is before start 2025-06-01T00:00:00.000Z' },
      { line: 12, problem: 'expected 9 columns as in the header, found 7' },
    ],
    unlisted: 4,
  }),
  'upload-failed': uploadFailedMessage(
    'june.csv',
    "it failed on Arcadia's side (ref 9a8b7c6d). The details are in Arcadia's log.",
  ),
};

describe('Block Kit builders', () => {
  for (const [kind, message] of Object.entries(KINDS)) {
    it(`${kind}: matches its golden file and stays within Block Kit limits`, async () => {
      expectWithinLimits(message);
      await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot(`./golden/${kind}.json`);
    });
  }

  it('says what matched, what is unmatched as expected and what needs attention, in words, with no hash', () => {
    const summary = KINDS['invoice-summary']!;
    expect(summary.text).toBe(
      '$41.22 invoiced, Invoice 2025-06: 3 lines of 5 matched (75.4% of the amount); 1 line needs attention',
    );
    expect(summary.blocks[0]).toMatchObject({ type: 'header', text: { text: '$41.22 invoiced: Invoice 2025-06' } });
    const shown = JSON.stringify(summary);
    expect(shown).toContain(
      ':warning: *Needs attention: 1 line, $8.00* (no such resource synced): after `/cloud sync all`, an admin can try it again with `arcadia invoice rematch 2025-06`.',
    );
    expect(shown).toContain('Unmatched as expected: 1 line, $2.14 (tax).');
    expect(shown).not.toMatch(/resource_never_seen|[0-9a-f]{64}/);
  });

  it('counts in the singular for one: "1 resource matches", "1 kind was skipped"', () => {
    const one = findMessage({
      term: 'web',
      matches: [
        {
          kind: 'droplet',
          providerId: '1',
          name: 'web-01',
          region: 'nyc3',
          status: 'active',
          project: null,
          keyFields: {},
          stale: false,
          staleSince: null,
          consoleUrl: 'https://cloud.digitalocean.com/droplets/1',
        },
      ],
    });
    expect(one.text).toBe('1 resource matches "web"');
    expect(KINDS.find!.text).toBe('2 resources match "web"');
    expect(KINDS['sync-results']!.text).toBe(
      'Sync finished: domain sync failed; 3 droplets went stale (+2 more changes)',
    );
    expect(JSON.stringify(KINDS['sync-results']!.blocks)).toContain('1 kind needs attention. 1 kind was skipped.');
  });

  it('escapes & < > in text that came from people or files', () => {
    const text = JSON.stringify(KINDS['invoice-summary']!.blocks);
    expect(text).toContain('ghost &lt;data&gt; &amp; more');
    expect(text).not.toContain('<data>');
  });

  it('cuts a long list, says how many were left out, and offers the whole list as CSV', () => {
    const items = Array.from({ length: 1200 }, (_, i) => ({
      kind: 'droplet',
      providerId: String(i),
      name: `worker-${'x'.repeat(60)}-${i}`,
      staleSince: hoursAgo(i),
    }));
    // The command reads the first rows and the count; the whole list is built for the file.
    const message = staleMessage({ now, items: items.slice(0, STALE_SHOWN), total: items.length });
    expectWithinLimits(message);
    const shown = JSON.stringify(message.blocks).match(/worker-/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(message.text).toBe('1200 stale resources');
    expect(JSON.stringify(message.blocks)).toContain(
      `and ${1200 - shown} resources more: the full list is sent to you as a CSV by direct message`,
    );
    expect(message.file).toEqual({ of: 'stale' });
    expect(staleCsv(items).content.trim().split('\n')).toHaveLength(1201);
  });

  it('keeps a stale alert for thousands of resources to one message within limits, with the rest as CSV', () => {
    const newlyStale = Array.from({ length: 5000 }, (_, i) => ({ providerId: String(i), name: `vm-${i}` }));
    const message = staleAlertMessage({ kind: 'droplet', runId: 'r', newlyStale, newlyRevived: [] });
    expectWithinLimits(message);
    expect(message.csv?.content.split('\n').filter(Boolean)).toHaveLength(5001);
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      kind: 'droplet',
      providerId: String(i),
      name: i === 0 ? '=HYPERLINK("x")' : `n${i}`,
      staleSince: now,
    }));
    expect(staleCsv(items).content).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('renders a message for a terminal', () => {
    const out = renderForTerminal(KINDS['stale-alert']!, 'alerts');
    expect(out).toContain('#alerts');
    expect(out).toContain('== droplet: 1 resource gone stale ==');
    expect(out).toContain('old-worker');
  });
});
