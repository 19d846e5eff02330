import { beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { ingestInvoiceFile, invoiceReport, rematchInvoice } from '../../src/invoice/index.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { seedResources, storedLineCount } from './seed.js';
import { generatedInventory, generatedItems, itemsAsCsv } from './generated-invoice.js';

const iso = isolation();
useDatabase(iso);
// The suite runs a size that proves the shape (chunked lines, in-memory matching); bench/ measures the large ones.
const INVENTORY = Number(process.env.ARCADIA_INVOICE_SCALE_INVENTORY ?? 5_000);
const LINES = Number(process.env.ARCADIA_INVOICE_SCALE_LINES ?? 30_000);

beforeAll(async () => {
  const inventory = generatedInventory(INVENTORY);
  for (let i = 0; i < inventory.length; i += 5_000) await seedResources(inventory.slice(i, i + 5_000));
});

describe('a large invoice', () => {
  it(
    `ingests and matches ${LINES.toLocaleString('en')} lines against ${INVENTORY.toLocaleString('en')} resources, lines kept outside the invoice document`,
    { timeout: 600_000 },
    async () => {
      const items = generatedItems(LINES, INVENTORY);
      const bytes = Buffer.from(JSON.stringify({ invoice_items: items }));
      const started = performance.now();
      const report = await ingestInvoiceFile({ bytes, filename: 'large.json', source: 'api' });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `ingested ${LINES} lines in ${seconds.toFixed(1)} s (${Math.round(LINES / seconds)} lines/s), rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
      );
      expect(report.lines).toBe(LINES);
      // Every inventory resource billed once, droplets twice (their backups), the rest never seen or apps, one tax line.
      const expectedMatched = items.filter(
        (it) => !/^gone-/.test(it.description ?? '') && it.product !== 'Taxes',
      ).length;
      expect(report.matched).toBe(expectedMatched);
      expect(report.unmatchedByReason.find((r) => r.reason === 'tax')?.lines).toBe(1);
      expect(await storedLineCount()).toBe(LINES);
      expect(await Invoice.countDocuments()).toBe(1);
      expect((await invoiceReport('2025-06'))?.lines).toBe(LINES);
      const again = await rematchInvoice('2025-06');
      expect(again.matched).toBe(expectedMatched);
      expect(await storedLineCount()).toBe(LINES);
    },
  );

  it('matches a 10,000-line CSV (names only) as well as the JSON with ids', { timeout: 600_000 }, async () => {
    const items = generatedItems(10_000, INVENTORY);
    // A third the size of the stored invoice of the month: replacing it needs saying so.
    const report = await ingestInvoiceFile({
      bytes: Buffer.from(itemsAsCsv(items)),
      filename: 'large.csv',
      source: 'upload',
      replace: true,
    });
    expect(report.lines).toBe(10_000);
    expect(report.matched).toBe(
      items.filter((it) => !/^gone-/.test(it.description ?? '') && it.product !== 'Taxes').length,
    );
    expect(report.outcome).toBe('replaced');
    expect(await storedLineCount()).toBe(10_000);
  });
});
