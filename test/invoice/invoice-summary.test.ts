import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { latestInvoiceSummary } from '../../src/invoice/invoice-summary.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources } from './seed.js';

useDatabase(isolation());
const june = readFileSync('test/fixtures/invoices/basic.csv', 'utf8');
const may = june.replaceAll('2025-06-', '2025-05-').replaceAll('2025-07-01', '2025-06-01');

beforeEach(async () => {
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
  await seedResources(sampleInventory());
});

describe('latestInvoiceSummary', () => {
  it('is null while no invoice is stored', async () => {
    expect(await latestInvoiceSummary()).toBeNull();
  });

  it("sums the latest period's invoices, not an earlier period's", async () => {
    const report = await ingestInvoiceFile({ bytes: Buffer.from(june), filename: 'june.csv', source: 'cli' });
    await ingestInvoiceFile({ bytes: Buffer.from(may), filename: 'may.csv', source: 'cli' });
    expect(await latestInvoiceSummary()).toEqual({
      period: '2025-06',
      totalCents: 17971,
      lines: 24,
      matched: report.matched,
    });
  });

  it('adds up the several invoices of one period (another DO team)', async () => {
    const first = await ingestInvoiceFile({ bytes: Buffer.from(june), filename: 'june.csv', source: 'cli' });
    // The other team's copy differs by a blank line: byte-identical files of two teams get one content key, and the second is refused as busy.
    const second = await ingestInvoiceFile({
      bytes: Buffer.from(`${june}\n`),
      filename: 'june.csv',
      source: 'cli',
      account: 'staging',
    });
    expect(await latestInvoiceSummary()).toEqual({
      period: '2025-06',
      totalCents: 2 * 17971,
      lines: 48,
      matched: first.matched + second.matched,
    });
  });

  it('counts the matched lines of an invoice stored before they were kept, once, and stores the count', async () => {
    const report = await ingestInvoiceFile({ bytes: Buffer.from(june), filename: 'june.csv', source: 'cli' });
    await Invoice.updateMany({}, { $set: { matchedLines: null } });
    expect((await latestInvoiceSummary())!.matched).toBe(report.matched);
    expect((await Invoice.findOne({ period: '2025-06' }).lean())!.matchedLines).toBe(report.matched);
  });
});
