import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { registry } from '../../src/metrics.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources } from './seed.js';

const iso = isolation();
useDatabase(iso);

const ingest = (name: string) =>
  ingestInvoiceFile({
    bytes: readFileSync(new URL(`../fixtures/invoices/${name}`, import.meta.url)),
    filename: name,
    source: 'cli',
  });

/** A metric's current value for the labels given (0 when it has none yet). */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await registry.getSingleMetric(name)!.get();
  const found = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return found?.value ?? 0;
}

beforeEach(async () => {
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
  await seedResources(sampleInventory());
});

describe('invoice ingest metrics', () => {
  it('count each ingest by outcome, the stored lines by whether they matched, and the match rate', async () => {
    const before = {
      stored: await value('arcadia_invoice_ingests_total', { outcome: 'stored' }),
      unchanged: await value('arcadia_invoice_ingests_total', { outcome: 'unchanged' }),
      refused: await value('arcadia_invoice_ingests_total', { outcome: 'refused' }),
      matched: await value('arcadia_invoice_lines_total', { match: 'matched' }),
      unmatched: await value('arcadia_invoice_lines_total', { match: 'unmatched' }),
    };
    const report = await ingest('basic.csv');
    expect(await value('arcadia_invoice_ingests_total', { outcome: 'stored' })).toBe(before.stored + 1);
    expect(await value('arcadia_invoice_lines_total', { match: 'matched' })).toBe(before.matched + report.matched);
    expect(await value('arcadia_invoice_lines_total', { match: 'unmatched' })).toBe(
      before.unmatched + report.lines - report.matched,
    );
    expect(await value('arcadia_invoice_match_ratio')).toBeCloseTo(report.matched / report.lines, 6);

    await ingest('basic.csv');
    expect(await value('arcadia_invoice_ingests_total', { outcome: 'unchanged' })).toBe(before.unchanged + 1);

    await expect(ingest('malformed-header.csv')).rejects.toThrow();
    expect(await value('arcadia_invoice_ingests_total', { outcome: 'refused' })).toBe(before.refused + 1);
  });
});
