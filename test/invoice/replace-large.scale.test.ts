import { beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { ingestInvoiceFile, invoiceReport, InvoiceFormatError } from '../../src/invoice/index.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { generatedInventory, generatedItems, itemsAsCsv } from './generated-invoice.js';
import { seedResources } from './seed.js';

const iso = isolation();
useDatabase(iso);

const INVENTORY = 1_000;
// Past 65,535: FerretDB refuses one delete of more documents than that (a PostgreSQL bind parameter each).
const LINES = 70_000;

const cents = (items: Record<string, string>[]) => items.reduce((s, it) => s + Math.round(Number(it.amount) * 100), 0);

/** Every stored line of the period's one invoice is of the generation it points at, and there are `lines` of them. */
async function expectOnlyCurrentLines(lines: number): Promise<void> {
  const invoice = (await Invoice.findOne({}).lean())!;
  expect(await InvoiceLine.countDocuments({ generation: { $ne: invoice.generation } })).toBe(0);
  expect(await InvoiceLine.countDocuments({ generation: invoice.generation })).toBe(lines);
}

beforeAll(async () => {
  await seedResources(generatedInventory(INVENTORY));
});

describe(`an invoice of ${LINES.toLocaleString('en')} lines`, () => {
  it(
    'is replaced by a corrected copy: the old lines all go, the new ones are all there',
    { timeout: 300_000 },
    async () => {
      const items = generatedItems(LINES, INVENTORY);
      const first = await ingestInvoiceFile({
        bytes: Buffer.from(JSON.stringify({ invoice_items: items })),
        filename: 'june.json',
        source: 'api',
      });
      expect(first).toMatchObject({ outcome: 'stored', lines: LINES });

      const corrected = items.map((it, i) => (i === LINES - 2 ? { ...it, amount: '9.99' } : it));
      const second = await ingestInvoiceFile({
        bytes: Buffer.from(JSON.stringify({ invoice_items: corrected })),
        filename: 'june-corrected.json',
        source: 'api',
      });
      expect(second).toMatchObject({ outcome: 'replaced', lines: LINES, totalCents: cents(corrected) });
      expect(cents(corrected)).not.toBe(cents(items));

      await expectOnlyCurrentLines(LINES);
      expect(await Invoice.countDocuments()).toBe(1);
      const report = (await invoiceReport('2025-06'))!;
      expect(report.lines).toBe(LINES);
      expect(report.totalCents).toBe(cents(corrected));
    },
  );

  it(
    'written and then refused (a malformed last line) is deleted whole, and the stored copy stays',
    { timeout: 300_000 },
    async () => {
      const before = (await Invoice.findOne({}).lean())!;
      const rows = itemsAsCsv(generatedItems(LINES, INVENTORY)).split('\n');
      // The last line but the tax line: every batch before it was written to a new generation.
      rows[LINES - 1] = rows[LINES - 1]!.replace(/\$\d+\.\d+/, 'lots');
      const err = await ingestInvoiceFile({
        bytes: Buffer.from(rows.join('\n')),
        filename: 'june.csv',
        source: 'upload',
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvoiceFormatError);
      expect((err as InvoiceFormatError).line).toBe(LINES);

      const after = (await Invoice.findOne({}).lean())!;
      expect(after.generation).toBe(before.generation);
      expect(after.filename).toBe('june-corrected.json');
      await expectOnlyCurrentLines(LINES);
    },
  );
});
