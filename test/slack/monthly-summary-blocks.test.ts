import { describe, expect, it } from 'vitest';
import { monthlySummaryMessage, type MonthlySummaryInput } from '../../src/slack/blocks/monthly-summary.js';
import { expectWithinBlockKitLimits } from './block-limits.js';
import { billingReport } from './billing-report-fixture.js';

const droplet = {
  kind: 'droplet',
  providerId: '3164444',
  name: 'example.com',
  stale: false,
  via: 'resource_id' as const,
};
const report: MonthlySummaryInput = {
  invoice: {
    id: 'inv-2025-06',
    account: 'default',
    period: '2025-06',
    number: '418071234',
    source: 'api',
    format: 'json',
    filename: null,
    ingestedAt: '',
    matchedAt: '',
  },
  lines: 5,
  matched: 2,
  totalCents: 4122,
  matchedCents: 1320,
  totalsByProject: [
    { project: 'my-web-api', lines: 2, cents: 1320 },
    { project: '(no project)', lines: 3, cents: 2802 },
  ],
  totalsCheck: {
    expectedCents: 4122,
    actualCents: 4122,
    differenceCents: 0,
    source: 'do_summary',
    ok: true,
    message: '',
    breakdown: null,
  },
  items: [
    {
      line: 1,
      product: 'Droplets',
      description: 'example.com (s-1vcpu-1gb)',
      amount: 600,
      reason: null,
      match: droplet,
      project: 'my-web-api',
    },
    {
      line: 2,
      product: 'Droplet Backups',
      description: 'example.com',
      amount: 720,
      reason: null,
      match: droplet,
      project: 'my-web-api',
    },
    {
      line: 3,
      product: 'Volumes',
      description: 'ghost <data> & more',
      amount: 800,
      reason: 'resource_never_seen',
      match: null,
      project: '',
    },
    {
      line: 4,
      product: 'Spaces Subscription',
      description: 'Spaces ($5/mo 250GB storage & 1TB bandwidth)',
      amount: 500,
      reason: 'no_inventory_surface',
      match: null,
      project: '',
    },
    { line: 5, product: 'Taxes', description: 'GST (10%)', amount: 1502, reason: 'tax', match: null, project: '' },
  ],
};

describe('monthly summary', () => {
  it('monthly-summary: leads with the total and the change, matches its golden file, stays within Block Kit limits', async () => {
    const message = monthlySummaryMessage(report, { period: '2025-05', totalCents: 3800 });
    expectWithinBlockKitLimits(message);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: '2025-06: $41.22 spent' } });
    expect(message.text).toBe('2025-06: $41.22 spent. +$3.22 (+8.5%) from 2025-05 ($38.00).');
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./golden/monthly-summary.json');
  });

  it('monthly-summary-tenants: the tenant section follows the spend, with the Full report button; golden, within limits', async () => {
    const message = monthlySummaryMessage(
      report,
      { period: '2025-05', totalCents: 3800 },
      { report: billingReport, growthAlertPct: 25 },
    );
    expectWithinBlockKitLimits(message);
    const text = JSON.stringify(message.blocks);
    expect(text.indexOf('"action_id":"monthly_full_report"')).toBeLessThan(text.indexOf('Tenants: 2025-06'));
    expect(message.blocks.find((b) => b.type === 'actions')).toMatchObject({
      elements: [{ type: 'button', action_id: 'monthly_full_report', value: '2025-06' }],
    });
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./golden/monthly-summary-tenants.json');
  });

  it("monthly-summary-forecast: last month's forecast beside the invoice, the forecast's figure first; golden, within limits", async () => {
    const forecast = {
      day: '2025-06-15',
      totalCents: 4_300,
      actualCents: 4_122,
      absErrorPct: 4.3,
      days: 28,
      meanAbsErrorPct: 6.1,
    };
    const message = monthlySummaryMessage(report, { period: '2025-05', totalCents: 3800 }, null, forecast);
    expectWithinBlockKitLimits(message);
    expect(JSON.stringify(message.blocks[2])).toContain(
      ':crystal_ball: *Forecast on 2025-06-15: $43.00* against $41.22 invoiced: 4.3% off. The 28 daily forecasts of the month were 6.1% off on average (`arcadia forecast accuracy 2025-06`).',
    );
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot('./golden/monthly-summary-forecast.json');
  });

  it('the tenant section calls out a tenant that grew past the alert threshold, and only that one', () => {
    const text = JSON.stringify(
      monthlySummaryMessage(report, null, { report: billingReport, growthAlertPct: 25 }).blocks,
    );
    expect(text).toContain('Grew more than 25% since 2025-05');
    expect(text).toContain('• *acme* +35.6%: $120.00 → $162.72');
    expect(
      JSON.stringify(monthlySummaryMessage(report, null, { report: billingReport, growthAlertPct: 40 }).blocks),
    ).not.toContain('Grew more than');
    // Without tenants there is no tenant section.
    expect(
      JSON.stringify(
        monthlySummaryMessage(report, null, { report: { ...billingReport, tenants: [] }, growthAlertPct: 25 }).blocks,
      ),
    ).not.toContain('Tenants:');
  });

  it('splits unmatched lines: tax and account-level charges expected, the rest needs attention', () => {
    const text = JSON.stringify(monthlySummaryMessage(report, null).blocks);
    expect(text).toContain('Needs attention: $8.00* in 1 line');
    expect(text).toContain('ghost &lt;data&gt; &amp; more');
    expect(text).toContain('Expected, with no resource behind them: $20.02 in 2 lines');
    expect(text).toContain('No earlier invoice to compare with.');
    expect(text).toContain('Droplet Backups: $7.20');
  });

  it('attaches the matched lines as a CSV, with DO product names and the resource each matched', () => {
    const csv = monthlySummaryMessage(report, null).csv!;
    expect(csv.content.trim().split('\n')).toEqual([
      'line,product,description,amount_usd,kind,resource_id,resource_name,project',
      '1,Droplets,example.com (s-1vcpu-1gb),6.00,droplet,3164444,example.com,my-web-api',
      '2,Droplet Backups,example.com,7.20,droplet,3164444,example.com,my-web-api',
    ]);
  });
});
