import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import {
  focusCsv,
  ingestInvoiceFile,
  invoiceReport,
  InvoiceAmbiguousError,
  InvoiceReplaceRefusedError,
  rematchInvoice,
} from '../../src/invoice/index.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources, storedLineCount } from './seed.js';

const iso = isolation();
useDatabase(iso);

const bytes = (name: string) => readFileSync(new URL(`../fixtures/invoices/${name}`, import.meta.url));
const ingest = (name: string, options: { replace?: boolean; filename?: string } = {}) =>
  ingestInvoiceFile({
    bytes: bytes(name),
    filename: options.filename ?? name,
    source: 'cli',
    replace: options.replace,
  });

beforeEach(async () => {
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
  await seedResources(sampleInventory());
});

describe('two DO invoices in one month', () => {
  it('are stored side by side under their DO ids, and the period report covers both', async () => {
    const mid = await ingest('threshold-invoice-2025-06-mid-month.json');
    const end = await ingest('threshold-invoice-2025-06-month-end.json');
    expect(mid).toMatchObject({
      outcome: 'stored',
      lines: 10,
      totalCents: 3337,
      invoice: { id: '5b8e4c1a-2f3d-4e5a-9b6c-7d8e9f0a1b2c', number: '418000117' },
    });
    expect(end).toMatchObject({
      outcome: 'stored',
      lines: 14,
      totalCents: 14634,
      invoice: { id: '22737513-0ea7-4206-8ceb-98a575af7681' },
    });
    expect(await Invoice.countDocuments({ period: '2025-06' })).toBe(2);

    const period = (await invoiceReport('2025-06'))!;
    expect(period.invoices.map((i) => i.number)).toEqual(['418000117', '418071234']);
    expect(period).toMatchObject({ lines: 24, totalCents: 17971 });
    // Each invoice's amount is checked against its own stated total; the period's are added up.
    expect(period.totalsCheck).toMatchObject({ ok: true, expectedCents: 17971 });
    expect(new Set(period.items.map((i) => i.invoiceId))).toEqual(new Set([mid.invoice.id, end.invoice.id]));
    // FOCUS names the invoice each line is on.
    const csv = focusCsv(period);
    expect(csv).toContain(',418000117,');
    expect(csv).toContain(',418071234,');

    // Ingesting either again changes nothing; re-matching keeps both.
    expect((await ingest('threshold-invoice-2025-06-mid-month.json')).outcome).toBe('unchanged');
    expect((await rematchInvoice('2025-06')).lines).toBe(24);
    expect(await Invoice.countDocuments()).toBe(2);
    expect(await storedLineCount()).toBe(24);
  });

  it('a file naming no invoice, for a month holding two, is refused rather than guessed at', async () => {
    await ingest('threshold-invoice-2025-06-mid-month.json');
    await ingest('threshold-invoice-2025-06-month-end.json');
    const refused = await ingest('basic.csv').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(InvoiceAmbiguousError);
    expect((refused as InvoiceAmbiguousError).message).toMatch(
      /2 invoices are stored for 2025-06 \(418000117, 418071234\)/,
    );
    expect(await storedLineCount()).toBe(24);
  });

  it("DO's CSV file name carries the invoice number, which keys the upload", async () => {
    const report = await ingest('basic.csv', { filename: 'DigitalOcean Invoice 2025 Jun (6173678-418071234).csv' });
    expect(report.invoice).toMatchObject({ id: 'no:418071234', number: '418071234' });
    // The same invoice's items through the API replace the upload rather than doubling the month.
    const items = await ingest('threshold-invoice-2025-06-month-end.json', { replace: true });
    expect(items.outcome).toBe('replaced');
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await storedLineCount()).toBe(14);
  });
});

describe('a file naming no invoice, for a month holding one', () => {
  it("is a copy of that invoice: its streamed lines are stored under DO's id, which the invoice keeps", async () => {
    const named = await ingest('threshold-invoice-2025-06-month-end.json');
    const copy = await ingest('basic.csv');
    expect(copy).toMatchObject({
      outcome: 'replaced',
      lines: 24,
      invoice: { id: named.invoice.id, number: '418071234' },
    });
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await InvoiceLine.countDocuments({ invoiceId: named.invoice.id })).toBe(24);
    expect(await storedLineCount()).toBe(24);
  });

  it('stored under the hash of its bytes when the month holds none, and recognised when given again', async () => {
    const first = await ingest('basic.csv');
    expect(first.invoice.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await InvoiceLine.countDocuments({ invoiceId: first.invoice.id })).toBe(24);
    expect((await ingest('basic.csv')).outcome).toBe('unchanged');
  });
});

describe('replacing a stored invoice', () => {
  it('a much smaller re-upload is refused and the stored lines stay, until --replace', async () => {
    await ingest('basic.csv');
    const refused = await ingest('truncated-reexport.csv').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(InvoiceReplaceRefusedError);
    expect((refused as InvoiceReplaceRefusedError).problems.join()).toMatch(
      /3 line\(s\) for \$18\.00 where the stored copy has 24 for \$179\.71/,
    );
    expect((refused as InvoiceReplaceRefusedError).message).toContain('--replace');
    expect((refused as InvoiceReplaceRefusedError).sentence).toContain('press Replace');
    expect((await invoiceReport('2025-06'))!.lines).toBe(24);
    expect(await storedLineCount()).toBe(24);

    const forced = await ingest('truncated-reexport.csv', { replace: true });
    expect(forced).toMatchObject({ outcome: 'replaced', lines: 3 });
    expect(await storedLineCount()).toBe(3);
  });

  it('a re-upload whose lines do not add up to its own total is refused, until --replace', async () => {
    await ingest('basic.csv');
    const refused = await ingest('reexport-not-adding-up.csv').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(InvoiceReplaceRefusedError);
    expect((refused as InvoiceReplaceRefusedError).problems.join()).toMatch(
      /lines add up to 179\.61 but the file's own total says 200\.00/,
    );
    expect((await invoiceReport('2025-06'))!.totalCents).toBe(17971);
    expect((await ingest('reexport-not-adding-up.csv', { replace: true })).outcome).toBe('replaced');
    expect((await invoiceReport('2025-06'))!.totalCents).toBe(17961);
  });

  it('a small correction that adds up replaces without asking', async () => {
    await ingest('basic.csv');
    expect((await ingest('corrected.csv')).outcome).toBe('replaced');
  });
});
