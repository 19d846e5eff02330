/**
 * Invoice reconciliation: ingest DO invoices (an uploaded CSV or JSON file, or DO's billing API),
 * derive each line's kind, match lines to the inventory, and report what is and is not explained.
 */
import type { InvoiceSource } from '../../models/invoice.js';
import type { DoClient } from '../digitalocean/client.js';
import { InvoiceFormatError } from './errors.js';
import { fetchDoInvoice } from './fetch-from-do.js';
import { createHash } from 'node:crypto';
import { ingestStream, storeInvoice } from './invoice-service.js';
import { openInvoiceFile } from './parse-invoice-file.js';
import type { InvoiceReport } from './report.js';

export { InvoiceFormatError, InvoiceNotFoundError, DoInvoiceNotFoundError } from './errors.js';
export { invoiceReport, rematchInvoice } from './invoice-service.js';
export { deriveKind, type DerivedKind, type LineKind } from './derive-kind.js';
export { matchLines, type MatchedLine } from './match-lines.js';
export { parseInvoiceFile } from './parse-invoice-file.js';
export { focusCsv, FOCUS_COLUMNS } from './focus-export.js';
export { formatCents, formatUsd } from './money.js';
export { previousPeriod } from './period.js';
export type { InvoiceReport, InvoiceReportItem, TotalsCheck } from './report.js';
export type { UnmatchedReason } from './match-line.js';
export { REASON_WORDS, isExpectedUnmatched, unmatchedCause, unmatchedOutlook, type UnmatchedCause, type UnmatchedGroup } from './reason-words.js';
export { doInvoiceId, invoiceLabel } from './invoice-label.js';

export interface IngestInput {
  bytes: Buffer;
  filename: string;
  source: InvoiceSource;
  /** YYYY-MM; read from the lines' dates when absent. */
  period?: string;
}

/**
 * The id of an invoice DO gave none (an uploaded CSV): the file's own hash, known before its lines
 * are read, so every stored line carries it from the start (with the period asked for, since the same
 * undated file may be given for two periods).
 */
function fileInvoiceId(bytes: Buffer, period: string | undefined): string {
  return `sha256:${createHash('sha256').update(period ?? '').update('\0').update(bytes).digest('hex')}`;
}

/**
 * Validates, matches and stores the file a batch of lines at a time (memory does not grow with the
 * file). A malformed file throws InvoiceFormatError naming it, and stores nothing.
 */
export async function ingestInvoiceFile(input: IngestInput): Promise<InvoiceReport> {
  try {
    const stream = openInvoiceFile(input.bytes, input.period);
    return await ingestStream(stream, stream.invoiceUuid ?? fileInvoiceId(input.bytes, input.period), { source: input.source, filename: input.filename });
  } catch (err) {
    if (err instanceof InvoiceFormatError) throw new InvoiceFormatError(err.line, err.problem, input.filename);
    throw err;
  }
}

/** Pulls the period's invoice (default: last month) from DO's billing API and checks it against DO's summary. */
export async function fetchInvoiceFromDo(client: DoClient, period?: string): Promise<InvoiceReport> {
  const fetched = await fetchDoInvoice(client, period);
  return storeInvoice(fetched.parsed, {
    source: 'api',
    filename: null,
    expected: fetched.expectedCents !== null ? { cents: fetched.expectedCents, source: 'do_summary' } : undefined,
  });
}
