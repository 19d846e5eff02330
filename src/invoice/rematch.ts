import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { InvoiceBusyError, InvoiceNotFoundError } from './errors.js';
import { loadInventoryIndex, type InventoryIndex } from './inventory-index.js';
import { dropOlderGenerations, loadLines, newGeneration, writeLines } from './invoice-store.js';
import { matchLines } from './match-lines.js';
import { ReportTally, type InvoiceReport } from './report.js';
import { mergeNotBilled, runningNotBilled } from './running-not-billed.js';
import { findByKey, periodInvoices, pointAt, type StoredInvoice } from './stored-invoice.js';
import { expectedOf, metaOf, notBilledOf } from './stored-reports.js';
import { takeInvoiceLease } from './take-invoice-lease.js';

/**
 * Matches a period's stored invoices again against today's inventory (a new kind landed, a sync found
 * more), without re-ingesting: one invoice's lines held at a time.
 */
export async function rematchInvoice(period: string, now: Date = new Date(), account?: string): Promise<InvoiceReport> {
  const docs = await periodInvoices(period, account);
  if (docs.length === 0) throw new InvoiceNotFoundError(period);
  // Each invoice against its own team's inventory, loaded once per team.
  const indexes = new Map<string, Promise<InventoryIndex>>();
  const tally = new ReportTally();
  const rematched: StoredInvoice[] = [];
  let offset = 0;
  for (const listed of docs) {
    const docAccount = listed.account ?? DEFAULT_ACCOUNT;
    if (!indexes.has(docAccount)) indexes.set(docAccount, loadInventoryIndex(docAccount));
    const index = await indexes.get(docAccount)!;
    // Under the period's lease, as an ingest writes: the invoice as it is once no other writes it.
    const lease = await takeInvoiceLease(docAccount, period);
    try {
      const doc = await findByKey(listed.invoiceId);
      if (!doc) continue;
      const { lines } = await matchLines(await loadLines(doc.invoiceId, doc.generation), index);
      const notBilled = runningNotBilled(index, lines, period);
      const writer = await writeLines(period, lines, doc.invoiceId, docAccount, newGeneration(lease.fence));
      await lease.confirm().catch(async (err: unknown) => {
        await writer.discard();
        throw err;
      });
      if (
        !(await pointAt(doc.invoiceId, doc.generation, {
          generation: writer.generation,
          matchedAt: now,
          runningNotBilled: notBilled,
          matchedLines: lines.filter((l) => l.match).length,
        }))
      ) {
        await writer.discard();
        throw new InvoiceBusyError(period, docAccount, 'overtaken');
      }
      await dropOlderGenerations(doc.invoiceId, writer.generation);
      lines.forEach((l, seq) => tally.add(l, offset + seq, doc.invoiceId));
      offset += lines.length;
      rematched.push((await findByKey(doc.invoiceId))!);
    } finally {
      await lease.release();
    }
  }
  return tally.report(rematched.map(metaOf), expectedOf(rematched), mergeNotBilled(rematched.map(notBilledOf)));
}
