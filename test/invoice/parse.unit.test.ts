import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInvoiceFile } from '../../src/invoice/parse-invoice-file.js';
import { formatCents, parseCents } from '../../src/invoice/money.js';
import { refusal as refusalOf } from '../helpers/invoice-refusal.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/invoices/${name}`, import.meta.url));

const refusal = (bytes: Buffer, period?: string) => refusalOf(() => parseInvoiceFile(bytes, period));

describe('money', () => {
  it.each([
    ['$6.00', 600],
    ['6', 600],
    ['0.01', 1],
    ['$1,234.56', 123456],
    ['$98,000,000.00', 9800000000],
    ['-$1.50', -150],
    ['$-1.50', -150],
    ['(2.00)', -200],
    ['0.005', 1],
  ])('%s is %i cents', (text, cents) => expect(parseCents(text)).toBe(cents));

  it.each(['', 'six', '$', '1,23.00', '1.2.3', '--1', '$1,2345'])('"%s" is not an amount', (text) =>
    expect(parseCents(text)).toBeNull(),
  );

  it('formats cents back as DO writes them', () => {
    expect(formatCents(17971)).toBe('179.71');
    expect(formatCents(-5)).toBe('-0.05');
  });
});

describe('parsing DO invoice files', () => {
  it('reads the invoice CSV: every line, amounts in cents, the period from its dates', () => {
    const parsed = parseInvoiceFile(fixture('basic.csv'));
    expect(parsed).toMatchObject({ format: 'csv', period: '2025-06', statedTotalCents: null });
    expect(parsed.lines).toHaveLength(24);
    expect(parsed.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(17971);
    expect(parsed.lines[0]).toMatchObject({
      line: 2,
      product: 'Droplets',
      description: 'example.com (s-1vcpu-1gb)',
      amountCents: 600,
      hours: 720,
      projectName: 'my-web-api',
    });
    // A quoted description with a comma stays one cell.
    expect(parsed.lines.find((l) => l.product === 'Database Clusters')?.description).toBe(
      'PostgreSQL 1 node, 4 GB RAM / 2 vCPU / 60 GiB disk',
    );
    expect(parsed.lines.at(-1)).toMatchObject({ product: 'Taxes', hours: null, amountCents: 1634 });
  });

  it('maps columns by header name, so reordered columns read the same', () => {
    const csv =
      'USD,description,product,start,end\n"$1,206.00",web-1 (s-1vcpu-1gb),Droplets,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000\n';
    const [line] = parseInvoiceFile(Buffer.from(csv)).lines;
    expect(line).toMatchObject({ product: 'Droplets', amountCents: 120600, groupDescription: '' });
  });

  it("reads a file's own total row as the total to check, not as a line", () => {
    const parsed = parseInvoiceFile(fixture('with-total.csv'));
    expect(parsed.lines).toHaveLength(2);
    expect(parsed.statedTotalCents).toBe(120700);
  });

  it('reads DO invoice items JSON with resource ids, treating absent and null fields as empty', () => {
    const parsed = parseInvoiceFile(fixture('items.json'));
    expect(parsed).toMatchObject({ format: 'json', period: '2025-06' });
    expect(parsed.lines).toHaveLength(24);
    expect(parsed.lines[0]).toMatchObject({
      line: 1,
      resourceId: '3164444',
      resourceUuid: '0c2b9d3e-5a41-4f6e-9d1b-7e2f4a8c9b10',
    });
    expect(parsed.lines.find((l) => l.product === 'Spaces Subscription')).toMatchObject({
      resourceId: '',
      projectName: '',
    });
  });

  it.each([
    ['empty.csv', 0, /empty/],
    ['header-only.csv', 0, /no invoice lines/],
    ['malformed-header.csv', 1, /header is missing column.*USD/],
    ['short-row.csv', 3, /expected 9 columns.*found 6/],
    ['non-numeric.csv', 4, /amount "six dollars" is not a number/],
    ['evil-formula.csv', 3, /spreadsheet formula/],
    ['dates-outside-period.csv', 3, /outside the invoice period 2025-06/],
    ['absurd-amount.csv', 2, /implausibly large/],
    ['binary.bin', undefined, /binary|not UTF-8/],
    ['zip-archive.csv', 0, /zip archive/],
  ])('refuses %s, naming line %s and the problem', (name, line, problem) => {
    const err = refusal(fixture(name));
    if (line !== undefined) expect(err.line).toBe(line);
    expect(err.problem).toMatch(problem);
    expect(err.message).toMatch(line ? new RegExp(`line ${line}: `) : /: /);
  });

  it('refuses a line outside a period given explicitly, and a CSV with an unclosed quote', () => {
    expect(refusal(fixture('basic.csv'), '2025-05').problem).toMatch(/outside the invoice period 2025-05/);
    const unclosed =
      'product,group_description,description,hours,start,end,USD,project_name,category\nDroplets,,"web,720\n';
    expect(refusal(Buffer.from(unclosed)).problem).toMatch(/not valid CSV/);
  });

  it('refuses JSON that is not invoice items, and an item with a non-numeric amount', () => {
    expect(refusal(Buffer.from('{"droplets": []}')).problem).toMatch(/invoice_items/);
    const bad = {
      invoice_items: [
        {
          product: 'Droplets',
          description: 'x',
          amount: '6.00',
          start_time: '2025-06-01T00:00:00Z',
          end_time: '2025-07-01T00:00:00Z',
        },
        { product: 'Droplets', description: 'y', amount: 'NaN' },
      ],
    };
    const err = refusal(Buffer.from(JSON.stringify(bad)));
    expect(err.line).toBe(2);
    expect(err.problem).toMatch(/"NaN" is not a number/);
  });
});

describe("invoice items' duration_unit", () => {
  it('is honoured: hours from minutes and days, none from a unit that is not time', () => {
    const parsed = parseInvoiceFile(
      readFileSync(new URL('../fixtures/invoices/items-duration-units.json', import.meta.url)),
    );
    expect(parsed.lines.map((l) => [l.product, l.hours])).toEqual([
      ['Droplets', 720],
      ['Functions', 336],
      ['Load Balancers', 720],
      ['Spaces Subscription', null],
      ['Bandwidth', null],
    ]);
  });
});
