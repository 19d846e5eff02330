import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import {
  focusCsv,
  FOCUS_COLUMNS,
  ingestInvoiceFile,
  invoiceReport,
  InvoiceFormatError,
  InvoiceNotFoundError,
  rematchInvoice,
} from '../../src/invoice/index.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources, storedLineCount } from './seed.js';

const iso = isolation();
useDatabase(iso);

const bytes = (name: string) => readFileSync(new URL(`../fixtures/invoices/${name}`, import.meta.url));
const ingest = (name: string, period?: string) =>
  ingestInvoiceFile({ bytes: bytes(name), filename: name, source: 'cli', period });

beforeEach(async () => {
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
  await seedResources(sampleInventory());
});

describe('ingesting an invoice file', () => {
  it('stores the invoice once with its matched lines and reports on it', async () => {
    const report = await ingest('basic.csv');
    expect(report).toMatchObject({
      outcome: 'stored',
      invoice: { period: '2025-06', source: 'cli', format: 'csv', filename: 'basic.csv' },
      lines: 24,
      totalCents: 17971,
    });
    expect(report.invoice.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report.matched).toBe(report.items.filter((i) => i.match).length);
    expect(report.matched).toBeGreaterThanOrEqual(17);
    expect(report.matchedStale).toBeGreaterThanOrEqual(2);
    expect(report.matchRate).toBeCloseTo(report.matched / 24, 3);
    expect(report.totalsByKind.find((t) => t.kind === 'droplet')).toEqual({ kind: 'droplet', lines: 4, cents: 2041 });
    expect(report.totalsByKind.find((t) => t.kind === 'tax')).toEqual({ kind: 'tax', lines: 1, cents: 1634 });
    expect(report.totalsByProject.reduce((s, t) => s + t.cents, 0)).toBe(17971);
    expect(report.unmatchedByReason.map((r) => r.reason).sort()).toEqual([
      'no_inventory_surface',
      'resource_never_seen',
      'tax',
    ]);
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await storedLineCount()).toBe(24);
    expect(await invoiceReport('2025-06')).toEqual({ ...report, outcome: undefined });
  });

  it('stores each line as a document queryable by invoice, period, kind and resource', async () => {
    const report = await ingest('basic.csv');
    const { generation } = (await Invoice.findOne({ period: '2025-06' }).lean())!;
    expect(await InvoiceLine.countDocuments({ invoiceId: report.invoice.id })).toBe(24);
    expect(await InvoiceLine.countDocuments({ kind: 'droplet', period: '2025-06', generation })).toBe(4);
    const matched = report.items.find((i) => i.match)!;
    const byResource = await InvoiceLine.find({
      resourceKey: `digitalocean:${matched.match!.kind}:${matched.match!.providerId}`,
    }).lean();
    expect(byResource.map((l) => l.line)).toContain(matched.line);
    expect(byResource.reduce((sum, l) => sum + l.amountCents, 0)).toBeGreaterThan(0);
  });

  it('the same file twice is stored once', async () => {
    const first = await ingest('basic.csv');
    const second = await ingest('basic.csv');
    expect(second.outcome).toBe('unchanged');
    expect(second.invoice.id).toBe(first.invoice.id);
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await storedLineCount()).toBe(24);
  });

  it('a corrected re-upload of the period replaces the earlier lines instead of adding to them', async () => {
    await ingest('basic.csv');
    const corrected = await ingest('corrected.csv');
    expect(corrected).toMatchObject({ outcome: 'replaced', lines: 24, totalCents: 17961 });
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await storedLineCount()).toBe(24);
    expect((await invoiceReport('2025-06'))?.items.find((i) => i.description === 'scratch (50 GiB)')?.amount).toBe(61);
    // DO's own items for the same month replace the upload too, and bring resource ids.
    const items = await ingest('items.json');
    expect(items.outcome).toBe('replaced');
    expect(await storedLineCount()).toBe(24);
  });

  it('refuses a 50 MB file before reading it, naming the size, and stores nothing', async () => {
    await ingest('basic.csv');
    const header = 'product,group_description,description,hours,start,end,USD,project_name,category\n';
    const row = 'Droplets,,web-1 (s-1vcpu-1gb),744,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,$6.00,,iaas\n';
    const huge = Buffer.from(header + row.repeat(Math.ceil((50 * 1024 * 1024) / row.length)));
    const err = await ingestInvoiceFile({ bytes: huge, filename: 'huge.csv', source: 'cli' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvoiceFormatError);
    expect((err as InvoiceFormatError).message).toMatch(/^huge\.csv: file: the file is 50\.\d MiB, over the 48\.0 MiB/);
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await storedLineCount()).toBe(24);
  });

  it.each([
    'empty.csv',
    'malformed-header.csv',
    'short-row.csv',
    'non-numeric.csv',
    'evil-formula.csv',
    'binary.bin',
    'zip-archive.csv',
    'dates-outside-period.csv',
  ])('refuses %s whole, naming the file, and stores nothing', async (name) => {
    await ingest('basic.csv');
    const err = await ingest(name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvoiceFormatError);
    expect((err as InvoiceFormatError).message).toContain(name);
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await storedLineCount()).toBe(24);
    expect((await invoiceReport('2025-06'))?.invoice.filename).toBe('basic.csv');
  });

  it("checks the lines against the file's own total and reports a mismatch", async () => {
    const ok = await ingest('with-total.csv');
    expect(ok.totalsCheck).toMatchObject({
      ok: true,
      source: 'file_total',
      expectedCents: 120700,
      actualCents: 120700,
      differenceCents: 0,
    });
    // Another month's file (a period stores each DO invoice once; re-uploads are tested below).
    await Invoice.deleteMany({});
    const bad = await ingest('total-mismatch.csv');
    expect(bad.totalsCheck).toMatchObject({
      ok: false,
      source: 'file_total',
      expectedCents: 900,
      actualCents: 700,
      differenceCents: -200,
    });
    expect(bad.totalsCheck.message).toMatch(/7\.00 .* 9\.00/);
    const none = await ingest('basic.csv');
    expect(none.totalsCheck).toMatchObject({ ok: null, source: 'none' });
  });
});

describe('re-matching', () => {
  it('recomputes against the inventory of now, without re-ingesting', async () => {
    await Resource.deleteMany({ kind: { $in: ['volume', 'load_balancer'] } });
    const before = await ingest('basic.csv');
    expect(before.items.find((i) => i.description === 'prod-web-lb-01')).toMatchObject({
      match: null,
      reason: 'no_inventory_surface',
    });
    await seedResources(sampleInventory().filter((r) => r.kind === 'volume' || r.kind === 'load_balancer'));
    const after = await rematchInvoice('2025-06');
    expect(after.matched).toBe(before.matched + 5);
    expect(after.items.find((i) => i.description === 'prod-web-lb-01')?.match).toMatchObject({ kind: 'load_balancer' });
    expect(after.invoice.ingestedAt).toBe(before.invoice.ingestedAt);
    expect(await storedLineCount()).toBe(24);
    expect((await invoiceReport('2025-06'))?.matched).toBe(after.matched);
  });

  it('says so when no invoice is stored for the period', async () => {
    await expect(rematchInvoice('2024-01')).rejects.toBeInstanceOf(InvoiceNotFoundError);
    expect(await invoiceReport('2024-01')).toBeNull();
  });
});

describe('FOCUS export', () => {
  it('writes every line under the FOCUS column names, amounts adding up to the invoice', async () => {
    const report = await ingest('items.json');
    const rows = parse(focusCsv(report), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...FOCUS_COLUMNS]);
    for (const c of [
      'BilledCost',
      'ChargeCategory',
      'ChargePeriodStart',
      'ChargePeriodEnd',
      'InvoiceId',
      'ResourceId',
      'ResourceName',
      'ResourceType',
      'ServiceName',
    ]) {
      expect(FOCUS_COLUMNS).toContain(c);
    }
    expect(rows).toHaveLength(24);
    expect(rows[0]).toMatchObject({
      BilledCost: '6.00',
      ChargeCategory: 'Usage',
      ChargePeriodStart: '2025-06-01T00:00:00.000Z',
      ChargePeriodEnd: '2025-07-01T00:00:00.000Z',
      // This file names no invoice (its stored id is a content hash): FOCUS gets no InvoiceId rather than the hash.
      InvoiceId: '',
      ResourceId: '3164444',
      ResourceName: 'example.com',
      ResourceType: 'droplet',
      ServiceName: 'Droplets',
      x_Project: 'my-web-api',
      x_MatchStatus: 'matched',
    });
    expect(rows.find((r) => r.ServiceName === 'Taxes')).toMatchObject({
      ChargeCategory: 'Tax',
      x_MatchStatus: 'unmatched',
      x_UnmatchedReason: 'tax',
    });
    expect(rows.find((r) => r.ResourceId === '200776916' && r.ServiceName === 'Droplets')?.x_MatchStatus).toBe(
      'matched_stale',
    );
    const cents = rows.reduce((s, r) => s + Math.round(Number(r.BilledCost) * 100), 0);
    expect(cents).toBe(17971);
  });

  it('keeps text a spreadsheet would run as a formula inert', async () => {
    const report = await ingest('basic.csv');
    report.items[0]!.project = '=HYPERLINK("http://evil")';
    const rows = parse(focusCsv(report), { columns: true }) as Record<string, string>[];
    expect(rows[0]!.x_Project).toBe('\'=HYPERLINK("http://evil")');
  });
});
