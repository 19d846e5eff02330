import { createHash } from 'node:crypto';
import { Invoice, type InvoiceSource } from '../../models/invoice.js';
import type { Actor, AuditVia } from '../../models/audit.js';
import { DEFAULTS } from '../config.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { isDuplicateKey } from '../duplicate-key.js';
import { InvoiceAmbiguousError, InvoiceBusyError, InvoiceNotFoundError, InvoiceReplaceRefusedError } from './errors.js';
import { loadInventoryIndex, type InventoryIndex } from './inventory-index.js';
import { doInvoiceId } from './invoice-label.js';
import { dropOlderGenerations, eachLine, GenerationWriter, loadLines, newGeneration, writeLines } from './invoice-store.js';
import { matchLines } from './match-lines.js';
import { matchStream } from './match-stream.js';
import { formatUsd } from './money.js';
import type { InvoiceLineStream, ParsedInvoice } from './parsed-invoice.js';
import { ReportTally, totalsCheck, type InvoiceMeta, type InvoiceReport, type SummaryBreakdown, type TotalsSource } from './report.js';
import { mergeNotBilled, runningNotBilled, type RunningNotBilled } from './running-not-billed.js';
import { takeInvoiceLease, type HeldLease, type LeaseOptions } from './take-invoice-lease.js';

export interface StoreOptions {
  source: InvoiceSource;
  /** The DO team the invoice bills. @defaultValue DEFAULT_ACCOUNT */
  account?: string;
  filename: string | null;
  /** The total to check the lines against, when it comes from elsewhere than the file (DO's summary), with DO's breakdown of it. */
  expected?: { cents: number; source: TotalsSource; breakdown?: SummaryBreakdown | null };
  /**
   * Replace a stored copy of the same invoice even when the new one is much smaller or does not add
   * up; given as the person who confirmed it, they are kept on the invoice should it replace one.
   */
  replace?: boolean | Actor;
  /** ARCADIA_INVOICE_REPLACE_GUARD_RATIO. @defaultValue its default */
  replaceGuardRatio?: number;
  /** The period's lease (takeInvoiceLease): how long a crashed ingest keeps it, how long to wait for a live one. */
  lease?: LeaseOptions;
  now?: Date;
}

/** Lines an ingest's report lists (`items`): enough for any message, bounded whatever the invoice's size. */
export const REPORT_ITEMS = 10_000;

type StoredInvoice = NonNullable<Awaited<ReturnType<typeof findByKey>>>;
type InvoiceNames = { invoiceUuid: string | null; invoiceNumber: string | null };

function findByKey(invoiceId: string) {
  return Invoice.findOne({ invoiceId }).lean();
}

/** A period's stored invoices, of one account or (undefined) of every account. */
function invoicesOf(period: string, account?: string) {
  return Invoice.find(account === undefined ? { period } : { account, period }).lean();
}

/**
 * The key of an invoice that names no DO id (a CSV whose name carries no invoice number):
 * `sha256:` of the period asked for and the bytes it came as. It is known before a line is read,
 * so every stored line carries it from the start; the period is part of it because the same
 * undated file may be given for two periods. This is the one rule for such keys.
 */
export function contentKey(period: string | undefined, bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(period ?? '').update('\0').update(bytes).digest('hex')}`;
}

/** DO's uuid of a stored invoice: its own field, or its key when it was stored under the uuid before that field existed. */
function uuidOf(doc: StoredInvoice): string | null {
  if (doc.invoiceUuid) return doc.invoiceUuid;
  return /^(sha256|no):/.test(doc.invoiceId) ? null : doc.invoiceId;
}

/**
 * The key an invoice is stored under: DO's uuid, else `no:<its number>`, as this copy or the stored
 * one names them; an invoice neither names keeps the key it is stored under, or takes `anonymousKey`.
 */
function invoiceKey(names: InvoiceNames, existing: StoredInvoice | null, anonymousKey: string): string {
  const uuid = names.invoiceUuid ?? (existing ? uuidOf(existing) : null);
  if (uuid) return uuid;
  const number = names.invoiceNumber ?? existing?.invoiceNumber ?? null;
  if (number) return `no:${number}`;
  return existing?.invoiceId ?? anonymousKey;
}

/**
 * The stored invoice this one is a copy of, if any. Two invoices of one period are different
 * invoices when DO's uuid or number tells them apart; a file naming neither stands for the period's
 * invoice only while the period holds one, and is refused (InvoiceAmbiguousError) when it holds more.
 */
async function sameInvoice(period: string, account: string, names: InvoiceNames): Promise<StoredInvoice | null> {
  // Within the account: another team's invoice of the same month is never this one.
  const stored = await invoicesOf(period, account);
  const { invoiceUuid: uuid, invoiceNumber: number } = names;
  const named = stored.find((d) => (uuid && uuidOf(d) === uuid) || (number && d.invoiceNumber === number));
  if (named) return named;
  if (uuid || number) {
    // A named invoice supersedes an upload of the period that named none (the same month, seen without its id).
    return stored.length === 1 && uuidOf(stored[0]!) === null && !stored[0]!.invoiceNumber ? stored[0]! : null;
  }
  if (stored.length <= 1) return stored[0] ?? null;
  throw new InvoiceAmbiguousError(
    period,
    stored.map((d) => d.invoiceNumber ?? d.invoiceId),
  );
}

function metaOf(doc: StoredInvoice): InvoiceMeta {
  return {
    id: doc.invoiceId,
    account: doc.account ?? DEFAULT_ACCOUNT,
    period: doc.period,
    number: doc.invoiceNumber ?? null,
    source: doc.source as InvoiceSource,
    format: doc.format as 'csv' | 'json',
    filename: doc.filename ?? null,
    ingestedAt: doc.ingestedAt.toISOString(),
    matchedAt: doc.matchedAt.toISOString(),
    replacements: (doc.replacements ?? []).map((r) => ({ by: r.by, at: r.at.toISOString(), via: r.via as AuditVia })),
  };
}

const NO_NOT_BILLED: RunningNotBilled = { count: 0, usuallyFreeCount: 0, items: [], truncated: false };

/** A stored invoice's "running but not billed", with the team whose inventory it was judged against. */
function notBilledOf(doc: StoredInvoice): { account: string; notBilled: RunningNotBilled } {
  return { account: doc.account ?? DEFAULT_ACCOUNT, notBilled: (doc.runningNotBilled as RunningNotBilled | null) ?? NO_NOT_BILLED };
}

/** What the invoices state they total, added up (null when one states none), with DO's breakdowns added up when each has one. */
function expectedOf(docs: StoredInvoice[]): { cents: number | null; source: TotalsSource; breakdown: SummaryBreakdown | null } {
  const stated = docs.every((d) => d.expectedTotalCents !== null && d.expectedTotalSource !== 'none');
  const sources = new Set(docs.map((d) => d.expectedTotalSource as TotalsSource));
  const breakdowns = docs.map((d) => (d.breakdown as SummaryBreakdown | null) ?? null);
  return {
    cents: stated ? docs.reduce((s, d) => s + (d.expectedTotalCents ?? 0), 0) : null,
    source: stated ? (sources.size === 1 ? [...sources][0]! : 'do_summary') : 'none',
    breakdown: breakdowns.every((b) => b !== null) ? sumBreakdowns(breakdowns as SummaryBreakdown[]) : null,
  };
}

function sumBreakdowns(all: SummaryBreakdown[]): SummaryBreakdown {
  return all.reduce((a, b) => ({
    productCharges: a.productCharges + b.productCharges,
    overages: a.overages + b.overages,
    taxes: a.taxes + b.taxes,
    creditsAndAdjustments: a.creditsAndAdjustments + b.creditsAndAdjustments,
  }));
}

/**
 * One report over stored invoices (one, or all of a period's), their lines read one at a time,
 * listed invoice after invoice in file order; `itemLimit` bounds the items it lists.
 */
async function storedReport(docs: StoredInvoice[], itemLimit?: number): Promise<InvoiceReport> {
  const tally = new ReportTally(itemLimit);
  let offset = 0;
  for (const doc of docs) {
    for await (const { line, seq } of eachLine(doc.invoiceId, doc.generation)) tally.add(line, offset + seq, doc.invoiceId);
    offset += doc.lineCount;
  }
  return tally.report(docs.map(metaOf), expectedOf(docs), mergeNotBilled(docs.map(notBilledOf)));
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

/** Where an ingest's lines go: the period's lease, the stored invoice it is a copy of (if any), the key, and the new generation. */
interface IngestTarget {
  lease: HeldLease;
  existing: StoredInvoice | null;
  invoiceId: string;
  writer: GenerationWriter;
}

/**
 * Ingests an invoice as it is read, once: each batch of lines is validated, matched and written to
 * a new generation; the invoice points at the generation only once every line is in, so a reader
 * never sees half of it, and a malformed line anywhere (or any failure) deletes what was written.
 *
 * The same content is recognised and left alone. Different content for the same DO invoice (a
 * corrected file, or DO's own items after an upload) replaces its lines, unless it is much smaller
 * or does not add up to its own total: that is refused (InvoiceReplaceRefusedError, the stored
 * lines kept and the new generation dropped) until `replace` says so. Both are judged from the
 * streamed tally, never from the lines held. Another invoice of the same period is stored beside
 * it, never over it.
 *
 * @param anonymousKey the key should the invoice name no DO id (contentKey of its bytes).
 */
export async function ingestStream(stream: InvoiceLineStream, anonymousKey: string, options: StoreOptions): Promise<InvoiceReport> {
  const account = options.account ?? DEFAULT_ACCOUNT;
  const index = await loadInventoryIndex(account);
  const names: InvoiceNames = { invoiceUuid: stream.invoiceUuid, invoiceNumber: stream.invoiceNumber };
  // Settled when the first lines are ready to store: the period is known by then (a CSV may state
  // it only in its dates), so its lease can be taken, and then the invoice it is a copy of, and its
  // key, are known too. Another ingest of the period waits here until this one is done, and then
  // judges its copy against the one this stored.
  let target: Promise<IngestTarget> | null = null;
  const open = (period: string): Promise<IngestTarget> =>
    (target ??= takeInvoiceLease(account, period, options.lease).then(async (lease) => {
      try {
        const existing = await sameInvoice(period, account, names);
        const invoiceId = invoiceKey(names, existing, anonymousKey);
        return { lease, existing, invoiceId, writer: new GenerationWriter(invoiceId, account, newGeneration(lease.fence)) };
      } catch (err) {
        await lease.release();
        throw err;
      }
    }));
  let committed = false;
  try {
    const read = await matchStream(stream, index, async (lines, period) => (await open(period)).writer.write(period, lines), REPORT_ITEMS);
    const { lease, existing, invoiceId, writer } = await open(read.period);
    await writer.flush();
    const { period } = read;
    if (existing && existing.contentHash === read.contentHash && existing.invoiceId === invoiceId) {
      return { ...(await storedReport([existing], REPORT_ITEMS)), outcome: 'unchanged' };
    }

    const expected = options.expected ?? (read.statedTotalCents !== null ? { cents: read.statedTotalCents, source: 'file_total' as const } : null);
    const breakdown = options.expected?.breakdown ?? null;
    const { lines: lineCount, totalCents } = read.tally;
    if (existing && !options.replace) {
      const adds = totalsCheck(totalCents, expected?.cents ?? null, expected?.source ?? 'none', breakdown);
      const problems = replaceProblems(existing, lineCount, totalCents, adds, options.replaceGuardRatio ?? DEFAULTS.ARCADIA_INVOICE_REPLACE_GUARD_RATIO);
      if (problems.length) throw new InvoiceReplaceRefusedError(period, doInvoiceId(metaOf(existing)) ?? existing.filename ?? existing.invoiceId, problems);
    }

    const now = options.now ?? new Date();
    const notBilled = runningNotBilled(index, read.billed, period);
    const fields = {
      period,
      account,
      invoiceId,
      invoiceUuid: names.invoiceUuid ?? (existing ? uuidOf(existing) : null),
      invoiceNumber: names.invoiceNumber ?? existing?.invoiceNumber ?? null,
      source: options.source,
      format: stream.format,
      filename: options.filename,
      contentHash: read.contentHash,
      generation: writer.generation,
      lineCount,
      totalCents,
      matchedLines: read.tally.matchedLines,
      expectedTotalCents: expected?.cents ?? null,
      expectedTotalSource: expected?.source ?? 'none',
      breakdown,
      runningNotBilled: notBilled,
      replacements: [...(existing?.replacements ?? []), ...(existing && typeof options.replace === 'object' ? [options.replace] : [])],
      ingestedAt: now,
      matchedAt: now,
    };
    await lease.confirm();
    if (existing && existing.invoiceId !== invoiceId) {
      // The invoice is now known by DO's id: the copy stored under the old key goes, its lines with it.
      // (Gone before the new one shows, so a crash between leaves the period short, not doubled; the retry stores it.)
      await Invoice.deleteOne({ invoiceId: existing.invoiceId });
      await dropOlderGenerations(existing.invoiceId, writer.generation);
    }
    if (!(await pointAt(invoiceId, existing?.invoiceId === invoiceId ? existing.generation : null, fields))) throw new InvoiceBusyError(period, account, 'overtaken');
    committed = true;
    await dropOlderGenerations(invoiceId, writer.generation);
    const stored = (await findByKey(invoiceId))!;
    return { ...read.tally.report([metaOf(stored)], expectedOf([stored]), notBilled), outcome: existing ? 'replaced' : 'stored' };
  } finally {
    if (target) await (target as Promise<IngestTarget>).then((t) => settle(t, committed), () => undefined);
  }
}

/** An ingest's end: its generation dropped unless the invoice points at it, and the lease released either way. */
async function settle({ writer, lease }: IngestTarget, committed: boolean): Promise<void> {
  try {
    if (!committed) await writer.discard();
  } finally {
    await lease.release();
  }
}

/**
 * Points the invoice at a new generation (`fields`), provided it still points at `previous` (null:
 * nothing is stored under its key yet), which the replace guard judged against. False when another
 * ingest committed first: under the lease that only happens to a holder that lost it while paused.
 */
async function pointAt(invoiceId: string, previous: string | null, fields: Record<string, unknown>): Promise<boolean> {
  if (previous !== null) return (await Invoice.updateOne({ invoiceId, generation: previous }, { $set: fields })).matchedCount === 1;
  try {
    await Invoice.create({ _id: invoiceId, ...fields });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Stores an invoice already read whole (DO's billing API): the same ingest, one batch. */
export async function storeInvoice(parsed: ParsedInvoice, options: StoreOptions): Promise<InvoiceReport> {
  const stream: InvoiceLineStream = { ...parsed, batches: [parsed.lines], statedTotalCents: () => parsed.statedTotalCents };
  // DO's API always names the invoice; were one not to, the key follows the rule for files, over the lines as sent.
  return ingestStream(stream, contentKey(parsed.period, Buffer.from(JSON.stringify(parsed.lines))), options);
}

/** Every stored invoice of a period (of one account, when given), oldest first by invoice number (then by when each was ingested). */
async function periodInvoices(period: string, account?: string): Promise<StoredInvoice[]> {
  const docs = await invoicesOf(period, account);
  return docs.sort((a, b) => (a.invoiceNumber ?? '').localeCompare(b.invoiceNumber ?? '', 'en', { numeric: true }) || a.ingestedAt.getTime() - b.ingestedAt.getTime());
}

/** The report of a period over all its stored invoices (of one account, when given), or null when none is stored for it. */
export async function invoiceReport(period: string, account?: string): Promise<InvoiceReport | null> {
  const docs = await periodInvoices(period, account);
  if (docs.length === 0) return null;
  return storedReport(docs);
}

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
      if (!(await pointAt(doc.invoiceId, doc.generation, { generation: writer.generation, matchedAt: now, runningNotBilled: notBilled, matchedLines: lines.filter((l) => l.match).length }))) {
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
