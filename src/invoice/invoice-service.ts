import { Invoice, type InvoiceSource } from '../../models/invoice.js';
import { DEFAULTS } from '../config.js';
import { InvoiceAmbiguousError, InvoiceNotFoundError, InvoiceReplaceRefusedError } from './errors.js';
import { loadInventoryIndex } from './inventory-index.js';
import { contentHash, dropOtherGenerations, loadLines, writeLines } from './invoice-store.js';
import { matchLines, type MatchedLine } from './match-lines.js';
import { formatUsd } from './money.js';
import type { ParsedInvoice } from './parsed-invoice.js';
import { buildReport, totalsCheck, type InvoiceMeta, type InvoiceReport, type SummaryBreakdown, type TotalsSource } from './report.js';
import { mergeNotBilled, runningNotBilled, type RunningNotBilled } from './running-not-billed.js';

export interface StoreOptions {
  source: InvoiceSource;
  filename: string | null;
  /** The total to check the lines against, when it comes from elsewhere than the file (DO's summary), with DO's breakdown of it. */
  expected?: { cents: number; source: TotalsSource; breakdown?: SummaryBreakdown | null };
  /** Replace a stored copy of the same invoice even when the new one is much smaller or does not add up. */
  replace?: boolean;
  /** ARCADIA_INVOICE_REPLACE_GUARD_RATIO. @defaultValue its default */
  replaceGuardRatio?: number;
  now?: Date;
}

type StoredInvoice = NonNullable<Awaited<ReturnType<typeof findByKey>>>;

function findByKey(invoiceId: string) {
  return Invoice.findOne({ invoiceId }).lean();
}

function invoicesOf(period: string) {
  return Invoice.find({ period }).lean();
}

/** DO's uuid of a stored invoice: its own field, or its key when it was stored under the uuid before that field existed. */
function uuidOf(doc: StoredInvoice): string | null {
  if (doc.invoiceUuid) return doc.invoiceUuid;
  return /^(sha256|no):/.test(doc.invoiceId) ? null : doc.invoiceId;
}

function anonymous(doc: StoredInvoice): boolean {
  return uuidOf(doc) === null && !doc.invoiceNumber;
}

/** The key an invoice is stored under: DO's uuid, else its number, else the hash of its lines. */
export function invoiceKey(parsed: Pick<ParsedInvoice, 'invoiceUuid' | 'invoiceNumber'>, hash: string): string {
  if (parsed.invoiceUuid) return parsed.invoiceUuid;
  if (parsed.invoiceNumber) return `no:${parsed.invoiceNumber}`;
  return `sha256:${hash}`;
}

/**
 * The stored invoice this one is a copy of, if any. Two invoices of one period are different
 * invoices when DO's uuid or number tells them apart; a file naming neither stands for the period's
 * invoice only while the period holds one, and is refused (InvoiceAmbiguousError) when it holds more.
 */
async function sameInvoice(parsed: ParsedInvoice): Promise<StoredInvoice | null> {
  const stored = await invoicesOf(parsed.period);
  const { invoiceUuid: uuid, invoiceNumber: number } = parsed;
  const named = stored.find((d) => (uuid && uuidOf(d) === uuid) || (number && d.invoiceNumber === number));
  if (named) return named;
  if (uuid || number) {
    // A named invoice supersedes an upload of the period that named none (the same month, seen without its id).
    return stored.length === 1 && anonymous(stored[0]!) ? stored[0]! : null;
  }
  if (stored.length <= 1) return stored[0] ?? null;
  throw new InvoiceAmbiguousError(
    parsed.period,
    stored.map((d) => d.invoiceNumber ?? d.invoiceId),
  );
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

const NO_NOT_BILLED: RunningNotBilled = { count: 0, usuallyFreeCount: 0, items: [], truncated: false };

function reportOf(doc: StoredInvoice, lines: MatchedLine[]): InvoiceReport {
  return buildReport(
    [metaOf(doc)],
    lines.map((l) => ({ ...l, invoiceId: doc.invoiceId })),
    { cents: doc.expectedTotalCents ?? null, source: (doc.expectedTotalSource ?? 'none') as TotalsSource, breakdown: (doc.breakdown as SummaryBreakdown | null) ?? null },
    (doc.runningNotBilled as RunningNotBilled | null) ?? NO_NOT_BILLED,
  );
}

/** Why a re-upload may not quietly replace the stored copy of the same invoice; empty when it may. */
function replaceProblems(stored: StoredInvoice, lineCount: number, totalCents: number, adds: { ok: boolean | null; message: string }, ratio: number): string[] {
  const problems: string[] = [];
  const keep = 1 - ratio;
  if (lineCount < stored.lineCount * keep || Math.abs(totalCents) < Math.abs(stored.totalCents) * keep) {
    problems.push(`it has ${lineCount} line(s) for ${formatUsd(totalCents)} where the stored copy has ${stored.lineCount} for ${formatUsd(stored.totalCents)}`);
  }
  if (adds.ok === false) problems.push(adds.message);
  return problems;
}

/**
 * Stores a validated invoice and its matches, once: the same content is recognised and left alone;
 * different content for the same DO invoice (a corrected file, or DO's own items after an upload)
 * replaces its lines, unless it is much smaller or does not add up to its own total: that is
 * refused (InvoiceReplaceRefusedError, the stored lines kept) until `replace` says so. Another
 * invoice of the same period is stored beside it, never over it.
 */
export async function storeInvoice(parsed: ParsedInvoice, options: StoreOptions): Promise<InvoiceReport> {
  const { period } = parsed;
  const hash = contentHash(period, parsed.lines);
  const existing = await sameInvoice(parsed);
  const invoiceId = existing && !parsed.invoiceUuid && !parsed.invoiceNumber ? existing.invoiceId : invoiceKey(parsed, hash);
  if (existing && existing.contentHash === hash && (existing.invoiceId === invoiceId || !anonymous(existing))) {
    return { ...reportOf(existing, await loadLines(existing.invoiceId, existing.generation)), outcome: 'unchanged' };
  }

  const expected = options.expected ?? (parsed.statedTotalCents !== null ? { cents: parsed.statedTotalCents, source: 'file_total' as const } : null);
  const totalCents = parsed.lines.reduce((sum, l) => sum + l.amountCents, 0);
  const breakdown = options.expected?.breakdown ?? null;
  if (existing && !options.replace) {
    const adds = totalsCheck(totalCents, expected?.cents ?? null, expected?.source ?? 'none', breakdown);
    const problems = replaceProblems(existing, parsed.lines.length, totalCents, adds, options.replaceGuardRatio ?? DEFAULTS.ARCADIA_INVOICE_REPLACE_GUARD_RATIO);
    if (problems.length) throw new InvoiceReplaceRefusedError(period, existing.invoiceNumber ?? existing.invoiceId, problems);
  }

  const now = options.now ?? new Date();
  const { lines, index } = await matchLines(parsed.lines);
  const notBilled = runningNotBilled(index, lines, period);
  const generation = await writeLines(period, lines, invoiceId);
  const fields = {
    period,
    invoiceId,
    invoiceUuid: parsed.invoiceUuid ?? (existing ? uuidOf(existing) : null),
    invoiceNumber: parsed.invoiceNumber ?? existing?.invoiceNumber ?? null,
    source: options.source,
    format: parsed.format,
    filename: options.filename,
    contentHash: hash,
    generation,
    lineCount: lines.length,
    totalCents,
    expectedTotalCents: expected?.cents ?? null,
    expectedTotalSource: expected?.source ?? 'none',
    breakdown,
    runningNotBilled: notBilled,
    ingestedAt: now,
    matchedAt: now,
  };
  if (existing && existing.invoiceId !== invoiceId) {
    // The invoice is now known by DO's id: the copy stored under the old key goes, its lines with it.
    await Invoice.deleteOne({ invoiceId: existing.invoiceId });
    await dropOtherGenerations(existing.invoiceId);
  }
  await Invoice.updateOne({ invoiceId }, { $set: fields, $setOnInsert: { _id: invoiceId } }, { upsert: true });
  await dropOtherGenerations(invoiceId);
  const stored = (await findByKey(invoiceId))!;
  return { ...reportOf(stored, lines), outcome: existing ? 'replaced' : 'stored' };
}

/** Every stored invoice of a period, oldest first by invoice number (then by when each was ingested). */
async function periodInvoices(period: string): Promise<StoredInvoice[]> {
  const docs = await invoicesOf(period);
  return docs.sort((a, b) => (a.invoiceNumber ?? '').localeCompare(b.invoiceNumber ?? '', 'en', { numeric: true }) || a.ingestedAt.getTime() - b.ingestedAt.getTime());
}

/** One report over several invoices of a period: their lines one after the other, their stated totals added up. */
function periodReport(docs: StoredInvoice[], linesOf: MatchedLine[][]): InvoiceReport {
  if (docs.length === 1) return reportOf(docs[0]!, linesOf[0]!);
  const stated = docs.every((d) => d.expectedTotalCents !== null && d.expectedTotalSource !== 'none');
  const sources = new Set(docs.map((d) => d.expectedTotalSource as TotalsSource));
  const breakdowns = docs.map((d) => (d.breakdown as SummaryBreakdown | null) ?? null);
  return buildReport(
    docs.map(metaOf),
    docs.flatMap((d, i) => linesOf[i]!.map((l) => ({ ...l, invoiceId: d.invoiceId }))),
    {
      cents: stated ? docs.reduce((s, d) => s + (d.expectedTotalCents ?? 0), 0) : null,
      source: stated ? (sources.size === 1 ? [...sources][0]! : 'do_summary') : 'none',
      breakdown: breakdowns.every((b) => b !== null) ? sumBreakdowns(breakdowns as SummaryBreakdown[]) : null,
    },
    mergeNotBilled(docs.map((d) => (d.runningNotBilled as RunningNotBilled | null) ?? NO_NOT_BILLED)),
  );
}

function sumBreakdowns(all: SummaryBreakdown[]): SummaryBreakdown {
  return all.reduce((a, b) => ({
    productCharges: a.productCharges + b.productCharges,
    overages: a.overages + b.overages,
    taxes: a.taxes + b.taxes,
    creditsAndAdjustments: a.creditsAndAdjustments + b.creditsAndAdjustments,
  }));
}

/** The report of a period over all its stored invoices, or null when none is stored for it. */
export async function invoiceReport(period: string): Promise<InvoiceReport | null> {
  const docs = await periodInvoices(period);
  if (docs.length === 0) return null;
  return periodReport(docs, await Promise.all(docs.map((d) => loadLines(d.invoiceId, d.generation))));
}

/** Matches a period's stored invoices again against today's inventory (a new kind landed, a sync found more), without re-ingesting. */
export async function rematchInvoice(period: string, now: Date = new Date()): Promise<InvoiceReport> {
  const docs = await periodInvoices(period);
  if (docs.length === 0) throw new InvoiceNotFoundError(period);
  const index = await loadInventoryIndex();
  const all: MatchedLine[][] = [];
  const rematched: StoredInvoice[] = [];
  for (const doc of docs) {
    const { lines } = await matchLines(await loadLines(doc.invoiceId, doc.generation), index);
    const notBilled = runningNotBilled(index, lines, period);
    const generation = await writeLines(period, lines, doc.invoiceId);
    await Invoice.updateOne({ invoiceId: doc.invoiceId }, { $set: { generation, matchedAt: now, runningNotBilled: notBilled } });
    await dropOtherGenerations(doc.invoiceId);
    all.push(lines);
    rematched.push((await findByKey(doc.invoiceId))!);
  }
  return periodReport(rematched, all);
}
