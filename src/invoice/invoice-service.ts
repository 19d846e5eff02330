import { Invoice, type InvoiceSource } from '../../models/invoice.js';
import { InvoiceNotFoundError } from './errors.js';
import { loadInventoryIndex } from './inventory-index.js';
import { contentHash, dropOtherGenerations, eachLine, GenerationWriter, loadLines, writeLines } from './invoice-store.js';
import { matchLines } from './match-lines.js';
import { matchStream } from './match-stream.js';
import type { InvoiceLineStream, ParsedInvoice } from './parsed-invoice.js';
import { buildReport, ReportTally, type InvoiceMeta, type InvoiceReport, type TotalsSource } from './report.js';
import { runningNotBilled, type RunningNotBilled } from './running-not-billed.js';

export interface StoreOptions {
  source: InvoiceSource;
  filename: string | null;
  /** The total to check the lines against, when it comes from elsewhere than the file (DO's summary). */
  expected?: { cents: number; source: TotalsSource };
  now?: Date;
}

type StoredInvoice = NonNullable<Awaited<ReturnType<typeof findInvoice>>>;

function findInvoice(period: string) {
  return Invoice.findById(period).lean();
}

function metaOf(doc: StoredInvoice): InvoiceMeta {
  return {
    id: doc.invoiceId,
    period: doc.period,
    number: doc.invoiceNumber ?? null,
    source: doc.source as InvoiceSource,
    format: doc.format as 'csv' | 'json',
    filename: doc.filename ?? null,
    ingestedAt: doc.ingestedAt.toISOString(),
    matchedAt: doc.matchedAt.toISOString(),
  };
}

function expectedOf(doc: StoredInvoice): { cents: number | null; source: TotalsSource } {
  return { cents: doc.expectedTotalCents ?? null, source: (doc.expectedTotalSource ?? 'none') as TotalsSource };
}

function notBilledOf(doc: StoredInvoice): RunningNotBilled {
  return (doc.runningNotBilled as RunningNotBilled | null) ?? { count: 0, usuallyFreeCount: 0, items: [], truncated: false };
}

/** Lines an ingest's report lists (`items`): enough for any message, bounded whatever the invoice's size. */
export const REPORT_ITEMS = 10_000;

/**
 * Ingests an invoice as it is read, once: each batch of lines is validated, matched and written to
 * a new generation; the invoice points at the generation only once every line is in, so a reader
 * never sees half of it, and a malformed line anywhere (or any failure) deletes what was written.
 * The same content for the period is recognised and left alone; different content (a corrected
 * file, or DO's own items after an upload) replaces the earlier lines.
 */
export async function ingestStream(stream: InvoiceLineStream, invoiceId: string, options: StoreOptions): Promise<InvoiceReport> {
  const index = await loadInventoryIndex();
  const writer = new GenerationWriter(invoiceId);
  let committed = false;
  try {
    const read = await matchStream(stream, index, (lines, period) => writer.write(period, lines), REPORT_ITEMS);
    await writer.flush();
    const { period } = read;
    const existing = await findInvoice(period);
    if (existing && existing.contentHash === read.contentHash && existing.invoiceId === invoiceId) {
      return { ...(await storedReport(existing, REPORT_ITEMS)), outcome: 'unchanged' };
    }
    const now = options.now ?? new Date();
    const notBilled = runningNotBilled(index, read.billed, period);
    const expected = options.expected ?? (read.statedTotalCents !== null ? { cents: read.statedTotalCents, source: 'file_total' as const } : null);
    const fields = {
      period,
      invoiceId,
      invoiceNumber: stream.invoiceNumber,
      source: options.source,
      format: stream.format,
      filename: options.filename,
      contentHash: read.contentHash,
      generation: writer.generation,
      lineCount: read.tally.lines,
      totalCents: read.tally.totalCents,
      expectedTotalCents: expected?.cents ?? null,
      expectedTotalSource: expected?.source ?? 'none',
      runningNotBilled: notBilled,
      ingestedAt: now,
      matchedAt: now,
    };
    await Invoice.updateOne({ _id: period }, { $set: fields }, { upsert: true });
    committed = true;
    await dropOtherGenerations(period);
    const stored = (await findInvoice(period))!;
    return { ...read.tally.report(metaOf(stored), expectedOf(stored), notBilled), outcome: existing ? 'replaced' : 'stored' };
  } finally {
    if (!committed) await writer.discard();
  }
}

/** Stores an invoice already read whole (DO's billing API): the same ingest, one batch. */
export async function storeInvoice(parsed: ParsedInvoice, options: StoreOptions): Promise<InvoiceReport> {
  const invoiceId = parsed.invoiceUuid ?? `sha256:${contentHash(parsed.period, parsed.lines)}`;
  const stream: InvoiceLineStream = { ...parsed, batches: [parsed.lines], statedTotalCents: () => parsed.statedTotalCents };
  return ingestStream(stream, invoiceId, options);
}

/** A stored invoice's report, its lines read one at a time; `itemLimit` bounds the items it lists. */
async function storedReport(doc: StoredInvoice, itemLimit?: number): Promise<InvoiceReport> {
  const tally = new ReportTally(itemLimit);
  for await (const { line, seq } of eachLine(doc.period, doc.generation)) tally.add(line, seq);
  return tally.report(metaOf(doc), expectedOf(doc), notBilledOf(doc));
}

/** The stored report of a period, or null when no invoice is stored for it. */
export async function invoiceReport(period: string): Promise<InvoiceReport | null> {
  const doc = await findInvoice(period);
  if (!doc) return null;
  return storedReport(doc);
}

/** Matches a stored invoice again against today's inventory (a new kind landed, a sync found more), without re-ingesting. */
export async function rematchInvoice(period: string, now: Date = new Date()): Promise<InvoiceReport> {
  const doc = await findInvoice(period);
  if (!doc) throw new InvoiceNotFoundError(period);
  const index = await loadInventoryIndex();
  const { lines } = await matchLines(await loadLines(period, doc.generation), index);
  const notBilled = runningNotBilled(index, lines, period);
  const generation = await writeLines(period, lines, doc.invoiceId);
  await Invoice.updateOne({ _id: period }, { $set: { generation, matchedAt: now, runningNotBilled: notBilled } });
  await dropOtherGenerations(period);
  const stored = (await findInvoice(period))!;
  return buildReport(metaOf(stored), lines, expectedOf(stored), notBilledOf(stored));
}
