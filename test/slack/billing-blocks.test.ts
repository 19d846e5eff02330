import { describe, expect, it } from 'vitest';
import { allocateInvoice, type BillingLine } from '../../src/billing/allocate-invoice.js';
import { statementCsv } from '../../src/billing/statement-csv.js';
import { commandFileName } from '../../src/slack/command-files.js';
import { statementFor } from '../../src/billing/statement-rows.js';
import { LIMITS } from '../../src/slack/blocks/limits.js';
import type { SlackMessage } from '../../src/slack/blocks/message.js';
import { tenantBillingMessage } from '../../src/slack/blocks/tenant-billing.js';
import { tenantStatementMessage } from '../../src/slack/blocks/tenant-statement.js';
import { billingReport as report } from './billing-report-fixture.js';

const line = (n: number, product: string, amount: number, rest: Partial<BillingLine> = {}): BillingLine => ({
  line: n,
  product,
  groupDescription: '',
  description: `${product.toLowerCase()} ${n}`,
  amount,
  project: 'my-web-api',
  kind: 'droplet',
  match: { kind: 'droplet', providerId: String(n), name: `web-${n}` },
  reason: null,
  ...rest,
});
const allocation = allocateInvoice({
  lines: [
    line(2, 'Droplets', 1200),
    line(3, 'Volumes', 1000, { kind: 'volume', project: 'data' }),
    line(4, 'Container Registry', 500, { match: null, kind: null, reason: 'no_inventory_surface', project: '' }),
    line(5, 'Taxes', 270, { match: null, kind: null, reason: 'tax', project: '' }),
  ],
  tenants: [{ name: 'acme', projects: [], tags: [], markupPct: 10 }],
  attribution: new Map([
    ['droplet:2', { tenant: 'acme', via: 'project' as const }],
    ['droplet:3', { tenant: 'acme', via: 'tag' as const }],
  ]),
  projects: { byId: new Map(), byName: new Map() },
  policy: 'proportional',
});
const statement = statementFor(allocation, 'acme', '2025-06', false);

const KINDS: Record<string, SlackMessage> = {
  'tenant-billing': tenantBillingMessage(report),
  'tenant-billing-estimate': tenantBillingMessage({
    ...report,
    period: '2025-07',
    estimate: true,
    asOf: '2025-07-05T06:31:50Z',
    conflicts: [],
    // Every cent with a tenant: the invoice is then the tenants' cost alone.
    invoiceTotal: report.invoiceTotal - report.unallocated.amount,
    unallocated: { amount: 0, lines: 0, byReason: [] },
  }),
  'tenant-statement': tenantStatementMessage(statement, { changePct: -4.2, previousTotal: 3000 }, '2025-06'),
};

describe('tenant billing Block Kit builders', () => {
  for (const [kind, message] of Object.entries(KINDS)) {
    it(`${kind}: matches its golden file and stays within Block Kit limits`, async () => {
      expect(message.text.length).toBeGreaterThan(0);
      expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot(`./golden/${kind}.json`);
    });
  }

  it('leads with the total, ranks tenants, states the change and escapes names', () => {
    const text = JSON.stringify(KINDS['tenant-billing']!.blocks);
    expect(KINDS['tenant-billing']!.text).toBe('Tenant billing 2025-06: $179.71, top acme $162.72, $11.60 unallocated');
    expect(text).toContain('1. *acme* $162.72 billed · :arrow_up_small:+35.6%');
    expect(text).toContain('2. *globex &lt;ops&gt;* $18.95 · new');
    expect(text).toContain('Claimed by two tenants: $10.54 (1 line)');
  });

  it('with a markup, shows cost and markup apart: the costs and the unallocated rest add up to the invoice', () => {
    const text = JSON.stringify(KINDS['tenant-billing']!.blocks);
    // acme: $149.16 of the invoice (direct + shared + tax), billed $162.72 with its 10% markup.
    expect(text).toContain('cost $149.16 (direct $122.83 · shared $12.77 · tax $13.56) + markup 10% $13.56');
    const lead =
      /\*\$([\d.]+)\* invoiced: \$([\d.]+) to 2 tenants, \$([\d.]+) unallocated\. Billed to tenants: \*\$([\d.]+)\* \(\$([\d.]+) cost \+ \$([\d.]+) markup\)\./.exec(
        text,
      );
    expect(lead).not.toBeNull();
    const [invoiced, cost, unallocated, billed, cost2, markup] = lead!.slice(1).map((d) => Math.round(Number(d) * 100));
    expect(cost! + unallocated!).toBe(invoiced);
    expect(cost2).toBe(cost);
    expect(cost! + markup!).toBe(billed);
    expect(billed).toBe(16272 + 1895);
    expect(text).toContain("tenants' cost + unallocated = invoice total, to the cent; markup is billed on top");
  });

  it('the tenant message names the statement CSV for the asker alone, whose total is the tenant total', () => {
    const msg = tenantStatementMessage(statement, { changePct: -4.2, previousTotal: 3000 }, '2025-06');
    expect(msg).not.toHaveProperty('csv');
    expect(commandFileName(msg.file)).toBe('statement-acme-2025-06.csv');
    expect(JSON.stringify(msg.blocks)).toContain('the statement is sent to you as a CSV by direct message');
    expect(statementCsv(statement).trim().split('\n').at(-1)).toMatch(
      new RegExp(`,${(statement.tenant.total / 100).toFixed(2)}$`),
    );
  });
});
