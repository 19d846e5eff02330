import type { DoClient } from '../digitalocean/client.js';
import { invoiceReport, monthToDateReport, type InvoiceReportItem } from '../invoice/index.js';
import type { BillingLine } from './allocate-invoice.js';

export function billingLine(item: Pick<InvoiceReportItem, 'line' | 'product' | 'groupDescription' | 'description' | 'amount' | 'project' | 'kind' | 'match' | 'reason'>): BillingLine {
  return {
    line: item.line,
    product: item.product,
    groupDescription: item.groupDescription,
    description: item.description,
    amount: item.amount,
    project: item.project,
    kind: item.kind,
    match: item.match ? { kind: item.match.kind, providerId: item.match.providerId, name: item.match.name } : null,
    reason: item.reason,
  };
}

export interface PeriodLines {
  period: string;
  /** Month to date from DO's invoice preview rather than a closed invoice. */
  estimate: boolean;
  /** When DO last rebuilt the preview (estimates only). */
  asOf: string | null;
  lines: BillingLine[];
}

/** A stored invoice's matched lines, read through the invoice service; null when none is stored for the period. */
export async function storedPeriodLines(period: string): Promise<PeriodLines | null> {
  const report = await invoiceReport(period);
  if (!report) return null;
  return { period, estimate: false, asOf: null, lines: report.items.map(billingLine) };
}

/**
 * Month to date: DO's invoice preview reconciled as an ingested invoice would be
 * (src/invoice/month-to-date.ts). Nothing is stored.
 */
export async function previewPeriodLines(client: DoClient, now: Date = new Date()): Promise<PeriodLines> {
  const report = await monthToDateReport(client, now);
  return { period: report.invoice.period, estimate: true, asOf: report.preview.asOf, lines: report.items.map(billingLine) };
}
