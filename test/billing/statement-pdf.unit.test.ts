import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { statementNumber, statementPdf } from '../../src/billing/statement-pdf.js';
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

/** The PDF as pdftotext reads it (poppler-utils), one string per page, and its page count. */
function readBack(pdf: Buffer): { pages: string[]; count: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'arcadia-statement-')), 'statement.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
  return { pages: text.split('\f').slice(0, count), count };
}

const line = (n: number, product: string) => billingLine({ line: n, product, description: `${product} ${n}` });

describe('statementPdf', () => {
  it('is a PDF titled with the tenant and period', async () => {
    const t = tenantAllocation('acme', [share(line(2, 'Droplets'), 'project', { direct: 1000, markup: 100 })], 10);
    const pdf = await statementPdf(statementFor(allocation([t]), 'acme', '2025-06', false), {
      issuer: { name: 'Example Pty Ltd' },
    });
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
    expect(runs[0]).toBe('Arcadia');
    expect(runs).toContain('Statement for acme');
    expect(runs).toContain('Period 2025-06 · cloud costs in USD');
    expect(runs).toContain('Amount due: $42.35');
    // Products by amount, largest first; tax is not a product.
    const products = runs.slice(runs.indexOf('By product (markup included)') + 1, runs.indexOf('Direct'));
    expect(products).toEqual(['Volumes', '$22.00', 'Droplets', '$11.00', 'Load Balancers', '$5.50']);
    expect(after(runs, 'Direct')).toBe('$30.00');
    expect(after(runs, 'Shared costs')).toBe('$5.00');
    expect(after(runs, 'Markup (10%)')).toBe('$3.50');
    expect(after(runs, 'Tax')).toBe('$3.85');
    expect(after(runs, 'Total')).toBe('$42.35');
    expect(runs.find((r) => r.includes('invoice line(s)'))).toMatch(/^4 invoice line\(s\), listed below\. /);
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
    expect(runs).toContain('Period 2025-07 (estimate: month to date) · cloud costs in USD');
    // Its own number, so it is never taken for the month's final statement; dated the day it is made.
    expect(statementNumber('acme', '2025-07', true)).toBe('ST-202507-ACME-EST');
    expect(runs).toContain(`Statement ST-202507-ACME-EST · Date ${new Date().toISOString().slice(0, 10)}`);
  });

  it('names the issuer and the customer with their addresses and tax ids, and carries a statement number and date', async () => {
    const t = tenantAllocation('acme', [share(line(2, 'Droplets'), 'project', { direct: 1000 })]);
    const pdf = await statementPdf(statementFor(allocation([t]), 'acme', '2025-06', false), {
      issuer: { name: 'Example Pty Ltd', address: ['1 Harbour St', 'Sydney NSW 2000'], taxId: 'ABN 12 345 678 901' },
      customer: { name: 'Acme Corporation', address: ['9 Rue de la Paix', '75002 Paris'], taxId: 'FR 40 303 265 045' },
      issuedOn: new Date('2025-07-03T10:00:00Z'),
    });
    const { pages, count } = readBack(pdf);
    expect(count).toBe(1);
    const text = pages[0]!.split('\n').map((l) => l.trim());
    // The issuer first, then the statement, then who it is for, as a customer reads it.
    const order = [
      'Example Pty Ltd',
      '1 Harbour St',
      'Sydney NSW 2000',
      'Tax ID ABN 12 345 678 901',
      'Statement for Acme Corporation',
      'Statement ST-202506-ACME · Date 2025-07-03',
      'Period 2025-06 · cloud costs in USD',
      'Bill to',
      'Acme Corporation',
      '9 Rue de la Paix',
      '75002 Paris',
      'Tax ID FR 40 303 265 045',
      'Amount due: $10.00',
    ];
    const at = order.map((o) => text.indexOf(o));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(pages[0]).toContain('Example Pty Ltd · Statement ST-202506-ACME · Page 1 of 1');
  });

  it('lists every line with its amount, on further pages when they do not fit one, each page numbered', async () => {
    const shares = Array.from({ length: 120 }, (_, i) =>
      share(line(i + 2, i % 2 ? 'Volumes' : 'Droplets'), 'project', { direct: 100 + i }),
    );
    const t = tenantAllocation('acme', shares);
    const { pages, count } = readBack(await statementPdf(statementFor(allocation([t]), 'acme', '2025-06', false)));
    expect(count).toBeGreaterThan(2);
    const all = pages.join('\n');
    for (let i = 0; i < 120; i++) {
      const product = i % 2 ? 'Volumes' : 'Droplets';
      expect(all).toMatch(
        new RegExp(`^\\s*${i + 2}\\s+${product} · ${product} ${i + 2}\\s+\\$${((100 + i) / 100).toFixed(2)}$`, 'm'),
      );
    }
    pages.forEach((p, i) => expect(p).toContain(`Arcadia · Statement ST-202506-ACME · Page ${i + 1} of ${count}`));
    for (const p of pages.slice(1)) expect(p).toContain('Lines (continued)');
    // The lines add up to the amount due.
    const total = shares.reduce((a, s) => a + s.direct, 0);
    expect(pages.at(-1)).toMatch(new RegExp(`Lines total\\s+\\$${(total / 100).toFixed(2)}`));
    expect(pages[0]).toContain(`Amount due: $${(total / 100).toFixed(2)}`);
  });
});
