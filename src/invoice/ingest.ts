import { Invoice, type InvoiceSource } from '../../models/invoice.js';
import type { Actor } from '../../models/audit.js';
import { DEFAULTS } from '../config.js';
import { ArcadiaError } from '../errors.js';
import { invoiceIngests, invoiceLines, invoiceMatchRatio } from '../metrics.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { InvoiceBusyError } from './errors.js';
import { loadInventoryIndex } from './inventory-index.js';
import { contentKey, invoiceKey, sameInvoice, uuidOf, type InvoiceNames } from './invoice-identity.js';
import { dropOlderGenerations, GenerationWriter, newGeneration } from './invoice-store.js';
import { matchStream } from './match-stream.js';
import type { InvoiceLineStream, ParsedInvoice } from './parsed-invoice.js';
import { guardReplace } from './replace-guard.js';
import type { InvoiceReport, SummaryBreakdown, TotalsSource } from './report.js';
import { runningNotBilled } from './running-not-billed.js';
import { findByKey, pointAt, type StoredInvoice } from './stored-invoice.js';
import { expectedOf, metaOf, storedReport } from './stored-reports.js';
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
export async function ingestStream(
  stream: InvoiceLineStream,
  anonymousKey: string,
  options: StoreOptions,
): Promise<InvoiceReport> {
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
        return {
          lease,
          existing,
          invoiceId,
          writer: new GenerationWriter(invoiceId, account, newGeneration(lease.fence)),
        };
      } catch (err) {
        await lease.release();
        throw err;
      }
    }));
  let committed = false;
  try {
    const read = await matchStream(
      stream,
      index,
      async (lines, period) => (await open(period)).writer.write(period, lines),
      REPORT_ITEMS,
    );
    const { lease, existing, invoiceId, writer } = await open(read.period);
    await writer.flush();
    const { period } = read;
    if (existing && existing.contentHash === read.contentHash && existing.invoiceId === invoiceId) {
      invoiceIngests.inc({ outcome: 'unchanged' });
      return { ...(await storedReport([existing], REPORT_ITEMS)), outcome: 'unchanged' };
    }

    const expected =
      options.expected ??
      (read.statedTotalCents !== null ? { cents: read.statedTotalCents, source: 'file_total' as const } : null);
    const breakdown = options.expected?.breakdown ?? null;
    const { lines: lineCount, totalCents } = read.tally;
    if (existing && !options.replace) {
      guardReplace(
        existing,
        { period, lineCount, totalCents, expected, breakdown },
        options.replaceGuardRatio ?? DEFAULTS.ARCADIA_INVOICE_REPLACE_GUARD_RATIO,
      );
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
      replacements: [
        ...(existing?.replacements ?? []),
        ...(existing && typeof options.replace === 'object' ? [options.replace] : []),
      ],
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
    if (!(await pointAt(invoiceId, existing?.invoiceId === invoiceId ? existing.generation : null, fields)))
      throw new InvoiceBusyError(period, account, 'overtaken');
    committed = true;
    await dropOlderGenerations(invoiceId, writer.generation);
    const stored = (await findByKey(invoiceId))!;
    countStored(existing ? 'replaced' : 'stored', lineCount, read.tally.matchedLines);
    return {
      ...read.tally.report([metaOf(stored)], expectedOf([stored]), notBilled),
      outcome: existing ? 'replaced' : 'stored',
    };
  } catch (err) {
    // A refusal (malformed lines, a suspicious replacement) is the file's fault; anything else is ours.
    invoiceIngests.inc({ outcome: err instanceof ArcadiaError && err.userError ? 'refused' : 'failed' });
    throw err;
  } finally {
    if (target)
      await (target as Promise<IngestTarget>).then(
        (t) => settle(t, committed),
        () => undefined,
      );
  }
}

/** A stored invoice in the metrics: the ingest, its lines by whether they matched, and its match rate. */
function countStored(outcome: 'stored' | 'replaced', lines: number, matched: number): void {
  invoiceIngests.inc({ outcome });
  invoiceLines.inc({ match: 'matched' }, matched);
  invoiceLines.inc({ match: 'unmatched' }, lines - matched);
  if (lines > 0) invoiceMatchRatio.set(matched / lines);
}

/** An ingest's end: its generation dropped unless the invoice points at it, and the lease released either way. */
async function settle({ writer, lease }: IngestTarget, committed: boolean): Promise<void> {
  try {
    if (!committed) await writer.discard();
  } finally {
    await lease.release();
  }
}

/** Stores an invoice already read whole (DO's billing API): the same ingest, one batch. */
export async function storeInvoice(parsed: ParsedInvoice, options: StoreOptions): Promise<InvoiceReport> {
  const stream: InvoiceLineStream = {
    ...parsed,
    batches: [parsed.lines],
    statedTotalCents: () => parsed.statedTotalCents,
  };
  // DO's API always names the invoice; were one not to, the key follows the rule for files, over the lines as sent.
  return ingestStream(stream, contentKey(parsed.period, Buffer.from(JSON.stringify(parsed.lines))), options);
}
