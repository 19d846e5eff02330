/**
 * Invoice reconciliation: ingest DO invoices (an uploaded CSV or JSON file, or DO's billing API),
 * derive each line's kind, match lines to the inventory, and report what is and is not explained.
 */
import type { InvoiceSource } from '../../models/invoice.js';
import type { DoClient } from '../digitalocean/client.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { InvoiceFormatError } from './errors.js';
import { fetchDoInvoices } from './fetch-from-do.js';
import { contentKey } from './invoice-identity.js';
import { ingestStream, storeInvoice, type StoreOptions } from './ingest.js';
import { invoiceReport } from './stored-reports.js';
import { openInvoiceFile } from './parse-invoice-file.js';
import type { InvoiceReport } from './report.js';
import type { LeaseOptions } from './take-invoice-lease.js';

export {
  InvoiceFormatError,
  InvoiceNotFoundError,
  DoInvoiceNotFoundError,
  InvoiceReplaceRefusedError,
  InvoiceAmbiguousError,
} from './errors.js';
export { invoiceReport } from './stored-reports.js';
export { rematchInvoice } from './rematch.js';
export { deriveKind, type DerivedKind, type LineKind } from './derive-kind.js';
export { matchLines, type MatchedLine } from './match-lines.js';
export { parseInvoiceFile } from './parse-invoice-file.js';
export { focusCsv, FOCUS_COLUMNS } from './focus-export.js';
export { formatCents, formatUsd } from './money.js';
export { previousPeriod } from './period.js';
export { monthToDateReport, type MonthToDateReport } from './month-to-date.js';
export type { InvoiceReport, InvoiceReportItem, TotalsCheck, SummaryBreakdown } from './report.js';
export type { UnmatchedReason } from './match-line.js';
export {
  REASON_WORDS,
  isExpectedUnmatched,
  unmatchedCause,
  unmatchedOutlook,
  type UnmatchedCause,
  type UnmatchedGroup,
} from './reason-words.js';
export { doInvoiceId, invoiceLabel } from './invoice-label.js';

export interface IngestInput {
  bytes: Buffer;
  filename: string;
  source: InvoiceSource;
  /** YYYY-MM; read from the lines' dates when absent. */
  period?: string;
  /** Replace a stored copy of the same invoice even if it looks wrong, confirmed by whom (see StoreOptions). */
  replace?: StoreOptions['replace'];
  replaceGuardRatio?: number;
  /** The DO team the invoice bills. @defaultValue DEFAULT_ACCOUNT */
  account?: string;
  /** The period's lease while it is stored (see ingestStream). */
  lease?: LeaseOptions;
}

/**
 * DO names its CSV exports `DigitalOcean Invoice 2020 Jul (6173678-418071234).csv`: the last number
 * is the invoice number, which tells two invoices of one month apart.
 */
export function invoiceNumberFromFilename(filename: string): string | null {
  return /\(\d+-(\d+)\)(?:\s*\(\d+\))?\.[a-z]+$/i.exec(filename)?.[1] ?? null;
}

/**
 * Validates, matches and stores the file a batch of lines at a time (memory does not grow with the
 * file). The invoice is DO's uuid or number when the file names one (the number also from DO's file
 * name), else the file's content key (contentKey). A malformed file throws InvoiceFormatError naming
 * it, and stores nothing.
 */
export async function ingestInvoiceFile(input: IngestInput): Promise<InvoiceReport> {
  try {
    const opened = openInvoiceFile(input.bytes, input.period);
    const stream = opened.invoiceNumber
      ? opened
      : { ...opened, invoiceNumber: invoiceNumberFromFilename(input.filename) };
    return await ingestStream(stream, contentKey(input.period, input.bytes), {
      source: input.source,
      account: input.account,
      filename: input.filename,
      replace: input.replace,
      replaceGuardRatio: input.replaceGuardRatio,
      lease: input.lease,
    });
  } catch (err) {
    if (err instanceof InvoiceFormatError) throw err.inFile(input.filename);
    throw err;
  }
}

/** Pulls the period's invoice (default: last month) from DO's billing API and checks it against DO's summary. */
export async function fetchInvoiceFromDo(
  client: DoClient,
  period?: string,
  options: Pick<StoreOptions, 'replace' | 'replaceGuardRatio' | 'account'> & { lease?: LeaseOptions } = {},
): Promise<InvoiceReport> {
  const outcomes: InvoiceReport['outcome'][] = [];
  let last: InvoiceReport | undefined;
  // A month may hold several invoices: each is stored under its own DO id, and the report covers them all.
  for (const fetched of await fetchDoInvoices(client, period)) {
    last = await storeInvoice(fetched.parsed, {
      source: 'api',
      filename: null,
      expected:
        fetched.expectedCents !== null
          ? { cents: fetched.expectedCents, source: 'do_summary', breakdown: fetched.breakdown }
          : undefined,
      ...options,
    });
    outcomes.push(last.outcome);
  }
  const report = (await invoiceReport(last!.invoice.period, options.account ?? DEFAULT_ACCOUNT))!;
  const outcome = outcomes.includes('replaced') ? 'replaced' : outcomes.includes('stored') ? 'stored' : 'unchanged';
  return { ...report, outcome };
}
export { driftOf, recordDrift, type DriftCheck, type DriftItem } from './billing-drift.js';
