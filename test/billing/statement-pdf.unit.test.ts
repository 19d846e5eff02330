import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { statementPdf } from '../../src/billing/statement-pdf.js';
import { statementFor } from '../../src/billing/statement-rows.js';
import { allocation, billingLine, share, tenantAllocation } from './statement-fixture.js';

/** The text runs of a PDFKit document, in drawing order: each BT…ET block's hex strings, decoded (the standard fonts write WinAnsi). */
function texts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const hex = [...block[1]!.matchAll(/<([0-9a-f]*)>/gi)]
        .map((h) => Buffer.from(h[1]!, 'hex').toString('latin1'))
        .join('');
      if (hex) out.push(hex);
    }
  }
  return out;
}

/** The amount drawn right after a label (each row draws its label, then its amount). */
const after = (runs: string[], label: string) => runs[runs.indexOf(label) + 1];

const line = (n: number, product: string) => billingLine({ line: n, product, description: `${product} ${n}` });

describe('statementPdf', () => {
  it('is a PDF titled with the tenant and period', async () => {
    const t = tenantAllocation('acme', [share(line(2, 'Droplets'), 'project', { direct: 1000, markup: 100 })], 10);
    const pdf = await statementPdf(statementFor(allocation([t]), 'acme', '2025-06', false), 'Example Pty Ltd');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('(Statement acme 2025-06)');
    expect(raw).toContain('(Example Pty Ltd)');
  });

  it('states the amount due and the parts that make it, markup included in the products', async () => {
    const t = tenantAllocation(
      'acme',
      [
        share(line(2, 'Droplets'), 'project', { direct: 1000, markup: 100 }),
        share(line(3, 'Volumes'), 'project', { direct: 2000, markup: 200 }),
        share(line(4, 'Load Balancers'), 'shared', { shared: 500, markup: 50 }),
        share(line(9, 'Taxes'), 'tax', { tax: 385 }),
      ],
      10,
    );
    const runs = texts(await statementPdf(statementFor(allocation([t]), 'acme', '2025-06', false)));
    expect(runs[0]).toBe('Statement for acme');
    expect(runs[1]).toBe('Period 2025-06 · cloud costs in USD');
    expect(runs[2]).toBe('Amount due: $42.35');
    // Products by amount, largest first; tax is not a product.
    const products = runs.slice(runs.indexOf('By product (markup included)') + 1, runs.indexOf('Direct'));
    expect(products).toEqual(['Volumes', '$22.00', 'Droplets', '$11.00', 'Load Balancers', '$5.50']);
    expect(after(runs, 'Direct')).toBe('$30.00');
    expect(after(runs, 'Shared costs')).toBe('$5.00');
    expect(after(runs, 'Markup (10%)')).toBe('$3.50');
    expect(after(runs, 'Tax')).toBe('$3.85');
    expect(after(runs, 'Total')).toBe('$42.35');
    expect(runs.at(-1)).toMatch(/^4 invoice line\(s\)\. /);
  });

  it('sums the lines of one product, and folds products past the 17th into "Other products" so it fits one page', async () => {
    const shares = Array.from({ length: 20 }, (_, i) =>
      share(line(i + 2, `Product ${String(i).padStart(2, '0')}`), 'project', { direct: (20 - i) * 100 }),
    );
    shares.push(share(line(30, 'Product 00'), 'project', { direct: 50 }));
    const t = tenantAllocation('acme', shares);
    const runs = texts(await statementPdf(statementFor(allocation([t]), 'acme', '2025-06', false)));
    const products = runs.slice(runs.indexOf('By product (markup included)') + 1, runs.indexOf('Direct'));
    expect(products).toHaveLength(36);
    expect(products.slice(0, 2)).toEqual(['Product 00', '$20.50']);
    // Products 17, 18 and 19 (3 + 2 + 1 dollars) are one row.
    expect(products.slice(-2)).toEqual(['Other products', '$6.00']);
  });

  it('says a month-to-date statement is an estimate', async () => {
    const t = tenantAllocation('acme', [share(line(2, 'Droplets'), 'project', { direct: 1000 })]);
    const runs = texts(await statementPdf(statementFor(allocation([t]), 'acme', '2025-07', true)));
    expect(runs[1]).toBe('Period 2025-07 (estimate: month to date) · cloud costs in USD');
  });
});
