import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FOCUS_COLUMNS, focusCsv } from '../../src/invoice/focus-export.js';
import type { InvoiceReport, InvoiceReportItem } from '../../src/invoice/report.js';
import { invoiceMeta } from '../helpers/invoice-items.js';

const meta = (id: string, number: string | null) =>
  invoiceMeta({
    id,
    number,
    source: 'upload',
    ingestedAt: '2025-07-02T00:00:00.000Z',
    matchedAt: '2025-07-02T00:00:00.000Z',
  });

const item = (over: Partial<InvoiceReportItem>): InvoiceReportItem => ({
  invoiceId: 'inv-a',
  line: 2,
  product: 'Droplets',
  groupDescription: '',
  description: 'web-1 (s-1vcpu-1gb)',
  amount: 600,
  amountUsd: '6.00',
  project: 'my-web-api',
  start: '2025-06-01T00:00:00.000Z',
  end: '2025-07-01T00:00:00.000Z',
  kind: 'droplet',
  match: { kind: 'droplet', providerId: '3164444', name: 'web-1', stale: false, via: 'resource_id' },
  reason: null,
  detail: null,
  candidates: [],
  ...over,
});

/** Only what the export reads: the period, the invoices and the items. */
function report(items: InvoiceReportItem[], invoices = [meta('inv-a', '418071234')]): InvoiceReport {
  return { invoice: invoices[0]!, invoices, currency: 'USD', items } as InvoiceReport;
}

const rows = (csv: string) => parse(csv, { columns: true }) as Record<(typeof FOCUS_COLUMNS)[number], string>[];

describe('focusCsv', () => {
  it('writes the FOCUS header and one row per line, CRLF-terminated', () => {
    const csv = focusCsv(report([item({}), item({ line: 3 })]));
    expect(csv.startsWith(`${FOCUS_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
  });

  it('fills a matched line from its match, and the billing period from the invoice period', () => {
    const [row] = rows(focusCsv(report([item({})])));
    expect(row).toEqual({
      BilledCost: '6.00',
      BillingCurrency: 'USD',
      ChargeCategory: 'Usage',
      ChargeDescription: 'web-1 (s-1vcpu-1gb)',
      ChargePeriodStart: '2025-06-01T00:00:00.000Z',
      ChargePeriodEnd: '2025-07-01T00:00:00.000Z',
      BillingPeriodStart: '2025-06-01T00:00:00.000Z',
      BillingPeriodEnd: '2025-07-01T00:00:00.000Z',
      InvoiceId: '418071234',
      ProviderName: 'DigitalOcean',
      ResourceId: '3164444',
      ResourceName: 'web-1',
      ResourceType: 'droplet',
      ServiceName: 'Droplets',
      x_Project: 'my-web-api',
      x_MatchStatus: 'matched',
      x_UnmatchedReason: '',
      x_ResourceStale: 'false',
      x_InvoiceLine: '2',
    });
  });

  it('calls a tax line Tax, a negative line Credit, everything else Usage', () => {
    const out = rows(
      focusCsv(
        report([
          item({ reason: 'tax', match: null, kind: null, amount: 1634 }),
          item({ amount: -500, match: null, reason: 'no_inventory_surface' }),
          item({ amount: 0 }),
        ]),
      ),
    );
    expect(out.map((r) => r.ChargeCategory)).toEqual(['Tax', 'Credit', 'Usage']);
    expect(out[1]!.BilledCost).toBe('-5.00');
  });

  it('marks an unmatched line with its reason and the line kind, and a stale match as such', () => {
    const [unmatched, stale] = rows(
      focusCsv(
        report([
          item({ match: null, reason: 'resource_never_seen', kind: 'volume' }),
          item({ match: { kind: 'droplet', providerId: '9', name: 'old', stale: true, via: 'name' } }),
        ]),
      ),
    );
    expect(unmatched).toMatchObject({
      x_MatchStatus: 'unmatched',
      x_UnmatchedReason: 'resource_never_seen',
      ResourceType: 'volume',
      ResourceId: '',
      ResourceName: '',
      x_ResourceStale: '',
    });
    expect(stale).toMatchObject({ x_MatchStatus: 'matched_stale', x_ResourceStale: 'true', ResourceId: '9' });
  });

  it('uses the billing period for a line without dates, and joins group and description', () => {
    const [row] = rows(
      focusCsv(report([item({ start: null, end: null, groupDescription: 'my-app', description: 'web - Basic' })])),
    );
    expect(row).toMatchObject({
      ChargePeriodStart: '2025-06-01T00:00:00.000Z',
      ChargePeriodEnd: '2025-07-01T00:00:00.000Z',
      ChargeDescription: 'my-app — web - Basic',
    });
  });

  it("names each line's own DO invoice, and leaves the id empty for a file that named none (a content hash is no invoice id)", () => {
    const invoices = [meta('inv-a', '418071234'), meta('c3d1e2f4-uuid', null), meta('sha256:abcdef', null)];
    const out = rows(
      focusCsv(
        report(
          [item({ invoiceId: 'inv-a' }), item({ invoiceId: 'c3d1e2f4-uuid' }), item({ invoiceId: 'sha256:abcdef' })],
          invoices,
        ),
      ),
    );
    expect(out.map((r) => r.InvoiceId)).toEqual(['418071234', 'c3d1e2f4-uuid', '']);
  });

  it('quotes commas, quotes and newlines, and keeps text a spreadsheet would run as a formula as text', () => {
    const csv = focusCsv(report([item({ description: 'db "main", 4 GB\nnode', project: '@SUM(A1)', amount: -5 })]));
    const [row] = rows(csv);
    expect(row!.ChargeDescription).toBe('db "main", 4 GB\nnode');
    expect(row!.x_Project).toBe("'@SUM(A1)");
    // The amount is a number, not text: its minus sign is left alone.
    expect(row!.BilledCost).toBe('-0.05');
  });
});
