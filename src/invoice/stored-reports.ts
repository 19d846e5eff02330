import type { InvoiceSource } from '../../models/invoice.js';
import type { AuditVia } from '../../models/audit.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { eachLine } from './invoice-store.js';
import {
  ReportTally,
  type InvoiceMeta,
  type InvoiceReport,
  type SummaryBreakdown,
  type TotalsSource,
} from './report.js';
import { mergeNotBilled, type RunningNotBilled } from './running-not-billed.js';
import { periodInvoices, type StoredInvoice } from './stored-invoice.js';

export function metaOf(doc: StoredInvoice): InvoiceMeta {
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
export function notBilledOf(doc: StoredInvoice): { account: string; notBilled: RunningNotBilled } {
  return {
    account: doc.account ?? DEFAULT_ACCOUNT,
    notBilled: (doc.runningNotBilled as RunningNotBilled | null) ?? NO_NOT_BILLED,
  };
}

/** What the invoices state they total, added up (null when one states none), with DO's breakdowns added up when each has one. */
export function expectedOf(docs: StoredInvoice[]): {
  cents: number | null;
  source: TotalsSource;
  breakdown: SummaryBreakdown | null;
} {
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
export async function storedReport(docs: StoredInvoice[], itemLimit?: number): Promise<InvoiceReport> {
  const tally = new ReportTally(itemLimit);
  let offset = 0;
  for (const doc of docs) {
    for await (const { line, seq } of eachLine(doc.invoiceId, doc.generation))
      tally.add(line, offset + seq, doc.invoiceId);
    offset += doc.lineCount;
  }
  return tally.report(docs.map(metaOf), expectedOf(docs), mergeNotBilled(docs.map(notBilledOf)));
}

/** The report of a period over all its stored invoices (of one account, when given), or null when none is stored for it. */
export async function invoiceReport(period: string, account?: string): Promise<InvoiceReport | null> {
  const docs = await periodInvoices(period, account);
  if (docs.length === 0) return null;
  return storedReport(docs);
}
