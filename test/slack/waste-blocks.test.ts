import { describe, expect, it } from 'vitest';
import { withFindingState } from '../../src/slack/blocks/finding-blocks.js';
import type { FindingRow } from '../../src/findings/finding-row.js';
import { FINDINGS_WITH_BUTTONS, wasteMessage } from '../../src/slack/blocks/waste.js';
import { expectWithinBlockKitLimits } from './block-limits.js';
import { ACTION_IDS } from '../../src/slack/blocks/action-ids.js';

const now = new Date('2025-07-05T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

export function row(i: number, overrides: Partial<FindingRow> = {}): FindingRow {
  return {
    key: `unattached-volume:digitalocean:volume:vol-${i}`,
    title: 'Unattached volumes',
    kind: 'volume',
    providerId: `vol-${i}`,
    name: `scratch-${i}`,
    reason: '100 GiB volume attached to no droplet',
    monthlyCents: 1000 - i,
    project: 'my-web-api',
    tenant: null,
    region: 'nyc1',
    since: daysAgo(12),
    age: { at: daysAgo(12), basis: 'created' },
    lastSeenAt: daysAgo(0.01),
    consoleUrl: 'https://cloud.digitalocean.com/volumes',
    stateLines: [],
    ...overrides,
  };
}

const sample: FindingRow[] = [
  row(0, {
    key: 'unassigned-reserved-ip:digitalocean:floating_ip:45.55.96.50',
    title: 'Unassigned reserved IPs',
    kind: 'floating_ip',
    providerId: '45.55.96.50',
    name: '45.55.96.50',
    reason: 'reserved IP assigned to no droplet',
    monthlyCents: 400,
    project: null,
    region: 'nyc3',
    consoleUrl: 'https://cloud.digitalocean.com/networking/reserved_ips',
    tenant: 'acme',
  }),
  row(1, {
    providerId: '506f78a4-e098-11e5-ad9f-000f53305eb2',
    name: 'example',
    reason: '10 GiB volume attached to no droplet',
    monthlyCents: 100,
    stateLines: [':bust_in_silhouette: Assigned to <@U09> by <@U01> on 2025-07-04'],
  }),
];

describe('waste messages', () => {
  it('waste digest: matches its golden file and stays within Block Kit limits', async () => {
    const message = wasteMessage({ findings: sample, quiet: 1, now, title: 'Weekly waste digest', smallCents: 0 });
    expectWithinBlockKitLimits(message);
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: '$5.00/mo of waste: Weekly waste digest' },
    });
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./golden/waste-digest.json');
  });

  it('groups cent-sized findings per rule with their count and total, buttons kept for the ones that matter', async () => {
    const findings = [
      row(0, { monthlyCents: 1200 }),
      row(1, { monthlyCents: 400 }),
      ...Array.from({ length: 30 }, (_, i) =>
        row(100 + i, {
          key: `old-snapshot:digitalocean:snapshot:s-${i}`,
          title: 'Old snapshots',
          kind: 'snapshot',
          providerId: `s-${i}`,
          monthlyCents: 5,
        }),
      ),
      ...Array.from({ length: 10 }, (_, i) => row(200 + i, { monthlyCents: 12 })),
    ];
    const message = wasteMessage({ findings, quiet: 0, now, title: 'Weekly waste digest', smallCents: 100 });
    expectWithinBlockKitLimits(message);
    expect(message.blocks.filter((b) => b.type === 'actions')).toHaveLength(2);
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('40 small findings under $1.00/mo, $2.70/mo in all');
    expect(shown).toContain('• Unattached volumes: 10 findings, $1.20/mo');
    expect(shown).toContain('• Old snapshots: 30 findings, $1.50/mo');
    expect(message.blocks[0]).toMatchObject({ text: { text: '$18.70/mo of waste: Weekly waste digest' } });
    // Each small finding is still in the CSV, which goes with the thread.
    expect(message.thread!.csv!.content.trim().split('\n')).toHaveLength(43);
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./golden/waste-digest-small.json');
  });

  it('no waste: says so in the header', async () => {
    const message = wasteMessage({ findings: [], quiet: 2, now, title: 'Waste', smallCents: 0 });
    expectWithinBlockKitLimits(message);
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./golden/waste-none.json');
  });

  it('a long list keeps buttons on the most expensive, the rest in the thread and a CSV of every finding', async () => {
    const findings = Array.from({ length: 300 }, (_, i) => row(i, { name: `volume-${'x'.repeat(80)}-${i}` }));
    const message = wasteMessage({ findings, quiet: 0, now, title: 'Weekly waste digest', smallCents: 0 });
    expectWithinBlockKitLimits(message);
    const actions = message.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(FINDINGS_WITH_BUTTONS);
    expect(message.thread).toBeDefined();
    expectWithinBlockKitLimits(message.thread!);
    expect(message.thread!.csv!.content.trim().split('\n')).toHaveLength(301);
    await expect(`${JSON.stringify(message.thread, null, 2)}\n`).toMatchFileSnapshot(
      './golden/waste-digest-thread.json',
    );
  });

  it('each finding carries Acknowledge, Snooze 7 days, Assign to… and Open in DigitalOcean', () => {
    const message = wasteMessage({ findings: sample.slice(0, 1), quiet: 0, now, title: 'Waste', smallCents: 0 });
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((e) => [e.type, e.action_id])).toEqual([
      ['button', ACTION_IDS.findingAcknowledge],
      ['button', ACTION_IDS.findingSnooze],
      ['users_select', ACTION_IDS.findingAssign],
      ['button', ACTION_IDS.findingOpenInDo],
    ]);
  });

  it('a click rewrites only its own finding: the state line replaced, the other findings untouched', () => {
    const message = wasteMessage({ findings: sample, quiet: 0, now, title: 'Waste', smallCents: 0 });
    const updated = withFindingState(message.blocks, sample[1]!.key, [
      ':white_check_mark: Acknowledged by <@U01> on 2025-07-05',
    ]);
    const texts = JSON.stringify(updated);
    expect(texts).toContain('Acknowledged by <@U01>');
    expect(texts).not.toContain('Assigned to <@U09>');
    expect(updated).toHaveLength(message.blocks.length);
    expect(withFindingState(updated, sample[0]!.key, [])).toEqual(updated);
  });
});

describe('stale alert with facts and buttons', () => {
  it('stale-alert-actionable: cost while live in the header, each resource with its facts and buttons', async () => {
    const { staleAlertMessage } = await import('../../src/slack/blocks/alerts.js');
    const rows: FindingRow[] = [
      row(0, {
        key: 'stale:digitalocean:droplet:42',
        title: 'Stale droplet',
        kind: 'droplet',
        providerId: '42',
        name: 'old-worker',
        reason: '',
        monthlyCents: 1200,
        consoleUrl: 'https://cloud.digitalocean.com/droplets/42',
        since: daysAgo(0.1),
        // Arcadia saw it first three days ago; DO gave no created_at.
        age: { at: daysAgo(3), basis: 'first_seen' },
        lastSeenAt: daysAgo(0.12),
      }),
    ];
    const message = staleAlertMessage({
      kind: 'droplet',
      runId: 'run-7',
      newlyStale: [{ providerId: '42', name: 'old-worker' }],
      newlyRevived: [],
      rows,
      now,
    });
    expectWithinBlockKitLimits(message);
    expect(message.blocks[0]).toMatchObject({ text: { text: 'droplet: 1 resource gone stale, $12.00/mo' } });
    expect(message.blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./golden/stale-alert-actionable.json');
  });
});
