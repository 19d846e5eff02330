import { Invoice, type InvoiceSource } from '../../models/invoice.js';
import { InvoiceNotFoundError } from './errors.js';
import { loadInventoryIndex } from './inventory-index.js';
import { contentHash, dropOtherGenerations, loadLines, writeLines } from './invoice-store.js';
import { matchLines, type MatchedLine } from './match-lines.js';
import type { ParsedInvoice } from './parsed-invoice.js';
import { buildReport, type InvoiceMeta, type InvoiceReport, type TotalsSource } from './report.js';
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

function reportOf(doc: StoredInvoice, lines: MatchedLine[]): InvoiceReport {
  return buildReport(
    metaOf(doc),
    lines,
    { cents: doc.expectedTotalCents ?? null, source: (doc.expectedTotalSource ?? 'none') as TotalsSource },
    (doc.runningNotBilled as RunningNotBilled | null) ?? { count: 0, usuallyFreeCount: 0, items: [], truncated: false },
  );
}

/**
 * Stores a validated invoice and its matches, once: the same content for the period is recognised
 * and left alone; different content for the period (a corrected file, or DO's own items after an
 * upload) replaces the earlier lines.
 */
export async function storeInvoice(parsed: ParsedInvoice, options: StoreOptions): Promise<InvoiceReport> {
  const { period } = parsed;
  const hash = contentHash(period, parsed.lines);
  const invoiceId = parsed.invoiceUuid ?? `sha256:${hash}`;
  const existing = await findInvoice(period);
  if (existing && existing.contentHash === hash && existing.invoiceId === invoiceId) {
    return { ...reportOf(existing, await loadLines(period, existing.generation)), outcome: 'unchanged' };
  }

  const now = options.now ?? new Date();
  const { lines, index } = await matchLines(parsed.lines);
  const notBilled = runningNotBilled(index, lines, period);
  const generation = await writeLines(period, lines, invoiceId);
  const expected = options.expected ?? (parsed.statedTotalCents !== null ? { cents: parsed.statedTotalCents, source: 'file_total' as const } : null);
  const fields = {
    period,
    invoiceId,
    invoiceNumber: parsed.invoiceNumber,
    source: options.source,
    format: parsed.format,
    filename: options.filename,
    contentHash: hash,
    generation,
    lineCount: lines.length,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
    expectedTotalCents: expected?.cents ?? null,
    expectedTotalSource: expected?.source ?? 'none',
    runningNotBilled: notBilled,
    ingestedAt: now,
    matchedAt: now,
  };
  await Invoice.updateOne({ _id: period }, { $set: fields }, { upsert: true });
  await dropOtherGenerations(period);
  const stored = (await findInvoice(period))!;
  return { ...reportOf(stored, lines), outcome: existing ? 'replaced' : 'stored' };
}

/** The stored report of a period, or null when no invoice is stored for it. */
export async function invoiceReport(period: string): Promise<InvoiceReport | null> {
  const doc = await findInvoice(period);
  if (!doc) return null;
  return reportOf(doc, await loadLines(period, doc.generation));
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
  return reportOf((await findInvoice(period))!, lines);
}
