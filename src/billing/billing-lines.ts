import type { AccountClients } from '../digitalocean/account-clients.js';
import { invoiceReport, monthToDateReport, type InvoiceReportItem, type MonthToDateReport } from '../invoice/index.js';
import type { BillingLine } from './allocate-invoice.js';

export function billingLine(
  item: Pick<
    InvoiceReportItem,
    'line' | 'product' | 'groupDescription' | 'description' | 'amount' | 'project' | 'kind' | 'match' | 'reason'
  >,
  /** The DO team of the invoice the line is on: its match is that team's resource. */
  account?: string,
): BillingLine {
  return {
    line: item.line,
    product: item.product,
    groupDescription: item.groupDescription,
    description: item.description,
    amount: item.amount,
    project: item.project,
    kind: item.kind,
    match: item.match
      ? {
          kind: item.match.kind,
          providerId: item.match.providerId,
          name: item.match.name,
          ...(account ? { account } : {}),
        }
      : null,
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
  const accountOf = new Map(report.invoices.map((i) => [i.id, i.account]));
  return {
    period,
    estimate: false,
    asOf: null,
    lines: report.items.map((item) => billingLine(item, accountOf.get(item.invoiceId))),
  };
}

/**
 * Month to date: DO's invoice preview reconciled as an ingested invoice would be
 * (src/invoice/month-to-date.ts). Nothing is stored.
 */
export async function previewPeriodLines(accounts: AccountClients, now: Date = new Date()): Promise<PeriodLines> {
  // Every team's preview: a tenant's resources may live in any of them.
  const reports: MonthToDateReport[] = [];
  for (const account of accounts.names) reports.push(await monthToDateReport(accounts.client(account), now, account));
  const lines = reports.flatMap((r) => r.items.map((item) => billingLine(item, r.invoice.account)));
  // The oldest rebuild: every team's figures are at least that fresh.
  const asOf = reports.map((r) => r.preview.asOf).sort()[0]!;
  return { period: reports[0]!.invoice.period, estimate: true, asOf, lines };
}
