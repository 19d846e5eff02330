import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { STATEMENT_FOCUS_COLUMNS, statementFocus } from '../../src/billing/statement-focus.js';
import { statementFor } from '../../src/billing/statement-rows.js';
import { allocation, billingLine, share, taxLine, tenantAllocation } from './statement-fixture.js';

const web = billingLine();
const credit = billingLine({
  line: 5,
  product: 'Credits',
  description: '=promo',
  amount: -300,
  kind: null,
  match: null,
});
const tax = taxLine();
const acme = tenantAllocation(
  'acme',
  [
    share(web, 'project', { direct: 1000, markup: 150 }),
    share(credit, 'shared', { shared: -300 }),
    share(tax, 'tax', { tax: 210 }),
  ],
  15,
);

const rows = (csv: string) =>
  parse(csv, { columns: true }) as Record<(typeof STATEMENT_FOCUS_COLUMNS)[number], string>[];

describe('statementFocus', () => {
  it('writes the FOCUS columns, a row per line, the tenant as the sub-account', () => {
    const csv = statementFocus(statementFor(allocation([acme]), 'acme', '2025-06', false));
    expect(csv.split('\n')[0]).toBe(STATEMENT_FOCUS_COLUMNS.join(','));
    const out = rows(csv);
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({
      BilledCost: '11.50',
      BillingCurrency: 'USD',
      BillingPeriodStart: '2025-06-01T00:00:00.000Z',
      BillingPeriodEnd: '2025-07-01T00:00:00.000Z',
      ChargeCategory: 'Usage',
      ChargeDescription: 'web-1 (s-1vcpu-1gb)',
      ProviderName: 'DigitalOcean',
      ResourceId: 'droplet:3164444',
      ResourceType: 'droplet',
      ServiceName: 'Droplets',
      SubAccountId: 'acme',
      SubAccountName: 'acme',
      x_AllocatedBy: 'project',
      x_DirectCost: '10.00',
      x_SharedCost: '0.00',
      x_TaxCost: '0.00',
      x_Markup: '1.50',
      x_InvoiceLine: '2',
      x_Estimate: 'false',
    });
  });

  it("bills the tenant's part with markup, so the BilledCost column adds up to the tenant's total", () => {
    const paying = tenantAllocation(
      'acme',
      [share(web, 'project', { direct: 1000, markup: 150 }), share(tax, 'tax', { tax: 210 })],
      15,
    );
    const out = rows(statementFocus(statementFor(allocation([paying]), 'acme', '2025-06', false)));
    const cents = out.reduce((n, r) => n + Math.round(Number(r.BilledCost) * 100), 0);
    expect(cents).toBe(paying.total);
  });

  it('calls a tax share Tax and a negative share Credit', () => {
    const out = rows(statementFocus(statementFor(allocation([acme]), 'acme', '2025-06', false)));
    expect(out.map((r) => r.ChargeCategory)).toEqual(['Usage', 'Credit', 'Tax']);
  });

  // A credit's BilledCost must stay a number for any FOCUS tool, not formula-escaped text.
  it('writes a credit share as a negative number', () => {
    const out = rows(statementFocus(statementFor(allocation([acme]), 'acme', '2025-06', false)));
    expect(out[1]!.BilledCost).toBe('-3.00');
    expect(out[1]!.x_SharedCost).toBe('-3.00');
  });

  it('says a month-to-date statement is an estimate, and keeps a formula-like description as text', () => {
    const out = rows(statementFocus(statementFor(allocation([acme]), 'acme', '2025-06', true)));
    expect(out.every((r) => r.x_Estimate === 'true')).toBe(true);
    expect(out[1]!.ChargeDescription).toBe("'=promo");
  });
});
