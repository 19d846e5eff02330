import { describe, expect, it } from 'vitest';
import { anomalyDigestMessage, withAnomalyState, type DigestAnomaly } from '../../src/slack/blocks/anomaly-digest.js';
import { ACTION_IDS } from '../../src/slack/blocks/action-ids.js';
import { anomalyChartPanel } from '../../src/anomaly/anomaly-chart.js';
import { seriesOf } from '../../src/anomaly/daily-spend.js';
import { daysBetween } from '../../src/anomaly/days.js';
import { DEFAULTS } from '../../src/config.js';
import { digestSettings } from '../../src/slack/anomaly-check.js';
import { expectWithinBlockKitLimits } from './block-limits.js';

const resize: DigestAnomaly = {
  id: 'default|acme|1-DO-DROP-0116|2026-02-27',
  account: 'default',
  tenant: 'acme',
  sku: '1-DO-DROP-0116',
  product: 'Droplets',
  day: '2026-02-27',
  baselineCents: 0,
  cents: 320,
  weekday: false,
  explanation: [
    'droplet example.com changed that day (now s-8vcpu-16gb)',
    'new on the bill: example.com (s-8vcpu-16gb)',
  ],
};
const spike: DigestAnomaly = {
  id: 'default||1-DO-BW-0001|2026-02-27',
  account: 'default',
  tenant: null,
  sku: '1-DO-BW-0001',
  product: 'Bandwidth',
  day: '2026-02-27',
  baselineCents: 40,
  cents: 1850,
  weekday: true,
  explanation: [],
};

describe('the anomaly digest', () => {
  const message = anomalyDigestMessage({
    day: '2026-02-27',
    anomalies: [spike, resize],
    newTenants: [{ account: 'default', tenant: 'globex', cents: 80 }],
    settings: digestSettings(DEFAULTS),
    several: false,
  });

  it('matches its golden file and stays within Block Kit limits', async () => {
    expectWithinBlockKitLimits(message);
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./golden/anomaly-digest.json');
  });

  it('leads with the count and the dollars a day they add, and names tenant, product, SKU, before, now and why', () => {
    expect(message.blocks[0]).toMatchObject({ text: { text: '2 spend anomalies on Feb 27: +$21.30/day' } });
    const first = JSON.stringify(message.blocks[5]);
    expect(first).toContain('*acme* · Droplets `1-DO-DROP-0116`');
    expect(first).toContain('*+$3.20/day*: $3.20/day now, nothing before');
    expect(first).toContain('Why: droplet example.com changed that day (now s-8vcpu-16gb)');
    expect(JSON.stringify(message.blocks[2])).toContain('*+$18.10/day*: $18.50/day now, $0.40/day before on Fridays');
    const ids = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action_id) : []));
    expect(ids).toEqual([
      ACTION_IDS.anomalyExpected,
      ACTION_IDS.anomalyInvestigate,
      ACTION_IDS.anomalySnooze,
      ACTION_IDS.anomalyExpected,
      ACTION_IDS.anomalyInvestigate,
      ACTION_IDS.anomalySnooze,
    ]);
    expect(JSON.stringify(message.blocks)).toContain('New: *globex* ($0.80/day)');
  });

  it('states the dollar floor as money', () => {
    const floor = anomalyDigestMessage({
      day: '2026-02-27',
      anomalies: [spike],
      newTenants: [],
      settings: { ...digestSettings(DEFAULTS), minUsd: 0.5 },
      several: false,
    });
    expect(JSON.stringify(floor.blocks)).toContain('at least +$0.50/day,');
  });

  it('puts who decided under that anomaly alone, replacing an earlier line', () => {
    const once = withAnomalyState(message.blocks, resize.id, 'first');
    const twice = withAnomalyState(once, resize.id, ':white_check_mark: Expected');
    expect(twice).toHaveLength(message.blocks.length + 1);
    expect(JSON.stringify(twice)).not.toContain('"first"');
    const at = twice.findIndex((b) => b.block_id === `anomaly-state:${resize.id}`);
    expect(twice[at - 1]!.block_id).toBe(`anomaly:${resize.id}`);
  });
});

describe('the anomaly chart', () => {
  it("draws the owner's daily spend, every SKU added up, the anomaly day alone in its own series", () => {
    const rows = daysBetween('2026-02-01', '2026-02-27').flatMap((day) => [
      { account: 'default', tenant: 'acme', sku: 'A', day, cents: 100 },
      { account: 'default', tenant: 'acme', sku: 'B', day, cents: day === '2026-02-27' ? 320 : 0 },
      { account: 'default', tenant: 'globex', sku: 'A', day, cents: 999 },
    ]);
    const panel = anomalyChartPanel({ account: 'default', tenant: 'acme', day: '2026-02-27', series: seriesOf(rows) });
    expect(panel.labels).toHaveLength(15);
    expect(panel.labels.at(-1)).toBe('Feb 27');
    expect(panel.series[0]!.cents.slice(-2)).toEqual([100, null]);
    expect(panel.series[1]!.cents.slice(-2)).toEqual([null, 420]);
  });
});
