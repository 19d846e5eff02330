import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { statementCsv } from '../../src/billing/statement-csv.js';
import { statementFor } from '../../src/billing/statement-rows.js';
import { allocation, billingLine, share, taxLine, tenantAllocation } from './statement-fixture.js';

const web = billingLine();
const note = billingLine({
  line: 4,
  product: 'Volumes',
  description: '=HYPERLINK("http://x")',
  kind: 'volume',
  match: null,
});
const tax = taxLine();
const acme = tenantAllocation(
  'acme',
  [
    share(web, 'tenant_tag', { direct: 1000, markup: 100 }),
    share(note, 'shared', { shared: 250, markup: 25 }),
    share(tax, 'tax', { tax: 138 }),
  ],
  10,
);
const rows = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

describe('statementCsv', () => {
  it("writes a row per line and a total row equal to the tenant's total", () => {
    const out = rows(statementCsv(statementFor(allocation([acme]), 'acme', '2025-06', false)));
    expect(Object.keys(out[0]!)).toEqual([
      'invoice_line',
      'product',
      'description',
      'resource',
      'project',
      'allocated_by',
      'direct_usd',
      'shared_usd',
      'tax_usd',
      'markup_usd',
      'total_usd',
    ]);
    // Three lines, a row per allocation rule (tenant tag, shared, tax), the total.
    expect(out).toHaveLength(7);
    expect(out.slice(3, 6).map((r) => [r.product, r.description, r.total_usd])).toEqual([
      ['Allocated by tenant tag', '$10.00, 72.1% of the cost before markup (1 line)', ''],
      ['Allocated by shared', '$2.50, 18.0% of the cost before markup (1 line)', ''],
      ['Allocated by tax', '$1.38, 9.9% of the cost before markup (1 line)', ''],
    ]);
    expect(out[0]).toMatchObject({
      invoice_line: '2',
      resource: 'droplet:3164444 (web-1)',
      allocated_by: 'tenant_tag',
      direct_usd: '10.00',
      markup_usd: '1.00',
      total_usd: '11.00',
    });
    expect(out.at(-1)).toEqual({
      invoice_line: '',
      product: 'Total',
      description: 'acme 2025-06',
      resource: '',
      project: '',
      allocated_by: '',
      direct_usd: '10.00',
      shared_usd: '2.50',
      tax_usd: '1.38',
      markup_usd: '1.25',
      total_usd: '15.13',
    });
    const rowCents = out.slice(0, -1).reduce((n, r) => n + Math.round(Number(r.total_usd) * 100), 0);
    expect(rowCents).toBe(acme.total);
  });

  it('marks a month-to-date statement as an estimate in its total row', () => {
    const out = rows(statementCsv(statementFor(allocation([acme]), 'acme', '2025-07', true)));
    expect(out.at(-1)!.description).toBe('acme 2025-07 (estimate, month to date)');
  });

  it('keeps a description a spreadsheet would run as a formula as text', () => {
    const out = rows(statementCsv(statementFor(allocation([acme]), 'acme', '2025-06', false)));
    expect(out[1]!.description).toBe('\'=HYPERLINK("http://x")');
  });

  // A credit's amounts must read as numbers in a spreadsheet, not as formula-escaped text.
  it('writes a credit as a negative number', () => {
    const credit = tenantAllocation('acme', [share(billingLine({ amount: -300 }), 'shared', { shared: -300 })]);
    const out = rows(statementCsv(statementFor(allocation([credit]), 'acme', '2025-06', false)));
    expect(out[0]!.shared_usd).toBe('-3.00');
  });
});
