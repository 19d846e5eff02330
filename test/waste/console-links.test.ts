import { describe, expect, it } from 'vitest';
import { Resource, resourceKey } from '../../models/resource.js';
import { WasteFinding } from '../../models/waste-finding.js';
import { PriceBook } from '../../src/pricing/price-book.js';
import { findingActions } from '../../src/slack/blocks/finding-blocks.js';
import { detectWaste } from '../../src/waste/detect-waste.js';
import { wasteReport } from '../../src/waste/waste-report.js';
import { isolation, testConfig, useDatabase } from '../helpers/context.js';
import { ACTION_IDS } from '../../src/slack/blocks/action-ids.js';

const iso = isolation();
useDatabase(iso);
const config = testConfig(iso);
const NOW = new Date('2025-07-05T12:00:00Z');
const DO = 'https://cloud.digitalocean.com';

/** A live resource as a sync stores it. */
const stored = (kind: string, providerId: string, attrs: Record<string, unknown>) => ({
  _id: resourceKey(kind, providerId),
  kind,
  providerId,
  name: `${kind}-${providerId}`,
  attrs,
  fingerprint: 'f',
  firstSeenAt: NOW,
  lastSeenAt: NOW,
  lastSyncRunId: 'r1',
});

/** The URL of a finding's "Open in DigitalOcean" button. */
const openInDo = (row: { key: string; consoleUrl: string }) =>
  (findingActions(row) as { elements: { action_id: string; url?: string }[] }).elements.find(
    (e) => e.action_id === ACTION_IDS.findingOpenInDo,
  )?.url;

describe("waste findings' console links", () => {
  it("link to the page the resource's stored attrs pick, and a finding stored without a link still gets one", async () => {
    const created_at = '2025-01-01T00:00:00Z';
    await Resource.create([
      stored('snapshot', 'fbe805e8', { resource_type: 'volume', resource_id: 'vol-1', size_gigabytes: 10, created_at }),
      stored('snapshot', '6372321', {
        resource_type: 'droplet',
        resource_id: '3164444',
        size_gigabytes: 10,
        created_at,
      }),
      stored('droplet_backup', '7938206', { droplet_id: '3164444', size_gigabytes: 10, created_at }),
    ]);
    const found = await detectWaste({
      config,
      prices: new PriceBook(),
      now: NOW,
      kinds: ['snapshot', 'droplet_backup'],
    });
    expect(found.map((f) => f.providerId).sort()).toEqual(['6372321', '7938206', 'fbe805e8']);
    // An old backup's finding as stored before findings kept their link (after detection, which would resolve it).
    await WasteFinding.collection.insertOne({
      _id: 'old-backup:digitalocean:droplet_backup:1111',
      ruleId: 'old-backup',
      kind: 'droplet_backup',
      providerId: '1111',
      name: 'nightly',
      reason: '10 GiB backup of droplet 99',
      monthlyCents: 60,
      since: NOW,
      firstSeenAt: NOW,
      lastSeenAt: NOW,
      fingerprint: 'old-backup|60',
      resolvedAt: null,
    } as never);

    const { rows } = await wasteReport(NOW, { tenantTagPrefix: config.ARCADIA_TENANT_TAG_PREFIX });
    const linkOf = (providerId: string) => rows.find((r) => r.providerId === providerId)!.consoleUrl;
    expect(linkOf('fbe805e8')).toBe(`${DO}/images/snapshots/volumes`);
    expect(linkOf('6372321')).toBe(`${DO}/images/snapshots/droplets`);
    expect(linkOf('7938206')).toBe(`${DO}/droplets/3164444/backups`);
    // Without the backup's droplet, its kind's list page.
    expect(linkOf('1111')).toBe(`${DO}/images/backups`);
    // The message's button opens the stored link.
    expect(openInDo(rows.find((r) => r.providerId === 'fbe805e8')!)).toBe(`${DO}/images/snapshots/volumes`);
    expect((await WasteFinding.findById('old-backup:digitalocean:droplet_backup:7938206').lean())?.consoleUrl).toBe(
      `${DO}/droplets/3164444/backups`,
    );
  });
});
