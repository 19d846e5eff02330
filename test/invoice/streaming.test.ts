import { beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import { ingestInvoiceFile, invoiceReport, InvoiceFormatError } from '../../src/invoice/index.js';
import { InventoryIndex } from '../../src/invoice/inventory-index.js';
import { REPORT_ITEMS } from '../../src/invoice/ingest.js';
import { matchStream } from '../../src/invoice/match-stream.js';
import { LINE_BATCH } from '../../src/invoice/parse-csv.js';
import { openInvoiceFile } from '../../src/invoice/parse-invoice-file.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { generatedInventory, generatedItems, itemsAsCsv } from './generated-invoice.js';
import { seedResources, storedLineCount } from './seed.js';

const iso = isolation();
useDatabase(iso);

const INVENTORY = 1_000;
const LINES = REPORT_ITEMS + 2 * LINE_BATCH;

/** A generated invoice CSV with `line` (1-based file line, the header being line 1) made malformed. */
function csvBrokenAt(lines: number, line: number): Buffer {
  const rows = itemsAsCsv(generatedItems(lines, INVENTORY)).split('\n');
  rows[line - 1] = rows[line - 1]!.replace('$1.00', 'one dollar')
    .replace('$6.00', 'six dollars')
    .replace('$1.20', 'a little');
  return Buffer.from(rows.join('\n'));
}

beforeEach(async () => {
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
  await seedResources(generatedInventory(INVENTORY));
});

describe('an invoice read as a stream', () => {
  it('hands matched lines on a batch at a time, before a later malformed line refuses the file', async () => {
    const bad = LINE_BATCH * 4 + 500;
    const sunk: number[] = [];
    const stream = openInvoiceFile(csvBrokenAt(LINE_BATCH * 5, bad));
    const err = await matchStream(
      stream,
      new InventoryIndex([], new Set()),
      (lines) => void sunk.push(lines.length),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvoiceFormatError);
    expect((err as InvoiceFormatError).line).toBe(bad);
    // Batches of at least LINE_BATCH lines went on before the parser reached the bad line, then the
    // rest before it (for the period check, whose refusals join the parser's), none past it.
    expect(sunk.length).toBeGreaterThanOrEqual(3);
    expect(sunk.slice(0, -1).every((n) => n >= LINE_BATCH)).toBe(true);
    expect(sunk.reduce((a, b) => a + b, 0)).toBe(bad - 2);
  });

  it('an ingest refused for lines outside the period names every one of them, with the bad lines the parser found', async () => {
    const row = (description: string, start: string, end: string, usd = '$1.00') =>
      `Droplets,web,${description},720,${start} 00:00:00 +0000,${end} 00:00:00 +0000,${usd},,iaas`;
    const csv = [
      'product,group_description,description,hours,start,end,USD,project_name,category',
      row('june', '2025-06-01', '2025-07-01'),
      row('may', '2025-05-01', '2025-06-01'),
      row('july', '2025-07-01', '2025-08-01'),
      row('broken', '2025-06-01', '2025-07-01', 'one dollar'),
      row('june-2', '2025-06-01', '2025-07-01'),
    ].join('\n');
    const err = await ingestInvoiceFile({ bytes: Buffer.from(csv), filename: 'june.csv', source: 'cli' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvoiceFormatError);
    const refused = err as InvoiceFormatError;
    expect(refused.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(refused.message).toMatch(
      /^june\.csv: 3 bad lines: line 3: dates 2025-05-01\S* – 2025-06-01\S* fall outside the invoice period 2025-06; line 4: dates .* fall outside the invoice period 2025-06; line 5: amount "one dollar" is not a number$/,
    );
    expect(await storedLineCount()).toBe(0);
  });

  it(
    'deletes the lines already written when a line far into the file is malformed, and keeps the stored invoice',
    { timeout: 120_000 },
    async () => {
      const good = await ingestInvoiceFile({
        bytes: Buffer.from(itemsAsCsv(generatedItems(100, INVENTORY))),
        filename: 'good.csv',
        source: 'cli',
      });
      const err = await ingestInvoiceFile({
        bytes: csvBrokenAt(LINE_BATCH * 3, LINE_BATCH * 3 - 10),
        filename: 'late.csv',
        source: 'cli',
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvoiceFormatError);
      expect((err as InvoiceFormatError).message).toMatch(
        /^late\.csv: line \d+: amount "(one dollar|six dollars|a little)" is not a number/,
      );
      expect(await storedLineCount()).toBe(100);
      expect((await invoiceReport(good.invoice.period))?.invoice.filename).toBe('good.csv');
    },
  );

  it(
    `counts every line but lists the first ${REPORT_ITEMS.toLocaleString('en')} in the ingest's report; the stored report lists all`,
    { timeout: 300_000 },
    async () => {
      const items = generatedItems(LINES, INVENTORY);
      const report = await ingestInvoiceFile({
        bytes: Buffer.from(itemsAsCsv(items)),
        filename: 'big.csv',
        source: 'upload',
      });
      expect(report.lines).toBe(LINES);
      expect(report.totalCents).toBe(items.reduce((s, it) => s + Math.round(Number(it.amount) * 100), 0));
      expect(report.items).toHaveLength(REPORT_ITEMS);
      expect(report.items.map((i) => i.line)).toEqual(Array.from({ length: REPORT_ITEMS }, (_, i) => i + 2));
      expect(report.omittedItems).toBe(LINES - REPORT_ITEMS);
      const stored = (await invoiceReport(report.invoice.period))!;
      expect(stored.items).toHaveLength(LINES);
      expect(stored.omittedItems).toBeUndefined();
      expect({ ...stored, items: stored.items.slice(0, REPORT_ITEMS), omittedItems: report.omittedItems }).toEqual({
        ...report,
        outcome: undefined,
      });
    },
  );
});
