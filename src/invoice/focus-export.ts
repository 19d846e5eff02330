import { doInvoiceId } from './invoice-label.js';
import { formatCents } from './money.js';
import { periodBounds } from './period.js';
import type { InvoiceReport, InvoiceReportItem } from './report.js';

/**
 * FinOps FOCUS column names, so finance can load the lines into any FOCUS-aware tool; columns
 * FOCUS does not define carry the `x_` prefix it reserves for providers' own.
 */
export const FOCUS_COLUMNS = [
  'BilledCost',
  'BillingCurrency',
  'ChargeCategory',
  'ChargeDescription',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'InvoiceId',
  'ProviderName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceName',
  'x_Project',
  'x_MatchStatus',
  'x_UnmatchedReason',
  'x_ResourceStale',
  'x_InvoiceLine',
] as const;
type FocusRow = Record<(typeof FOCUS_COLUMNS)[number], string>;

/** Text a spreadsheet would evaluate: prefixed with a quote so it stays text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string, numeric = false): string {
  const safe = !numeric && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function chargeCategory(item: InvoiceReportItem): string {
  if (item.reason === 'tax') return 'Tax';
  if (item.amount < 0) return 'Credit';
  return 'Usage';
}

function matchStatus(item: InvoiceReportItem): string {
  if (!item.match) return 'unmatched';
  return item.match.stale ? 'matched_stale' : 'matched';
}

function focusRow(
  report: InvoiceReport,
  item: InvoiceReportItem,
  billingStart: string,
  billingEnd: string,
  invoiceIds: Map<string, string | null>,
): FocusRow {
  return {
    BilledCost: formatCents(item.amount),
    BillingCurrency: report.currency,
    ChargeCategory: chargeCategory(item),
    ChargeDescription: [item.groupDescription, item.description].filter(Boolean).join(' — '),
    ChargePeriodStart: item.start ?? billingStart,
    ChargePeriodEnd: item.end ?? billingEnd,
    BillingPeriodStart: billingStart,
    BillingPeriodEnd: billingEnd,
    // DO's id of the invoice the line is on (a period may hold several); FOCUS allows it empty, and a content hash is no invoice id.
    InvoiceId: invoiceIds.get(item.invoiceId) ?? '',
    ProviderName: 'DigitalOcean',
    ResourceId: item.match?.providerId ?? '',
    ResourceName: item.match?.name ?? '',
    ResourceType: item.match?.kind ?? item.kind ?? '',
    ServiceName: item.product,
    x_Project: item.project,
    x_MatchStatus: matchStatus(item),
    x_UnmatchedReason: item.reason ?? '',
    x_ResourceStale: item.match ? String(item.match.stale) : '',
    x_InvoiceLine: String(item.line),
  };
}

/** The invoice's lines, with their matches, as a FOCUS CSV (header row first, CRLF line ends as RFC 4180 has them). */
export function focusCsv(report: InvoiceReport): string {
  const { start, end } = periodBounds(report.invoice.period);
  const billingStart = start.toISOString();
  const billingEnd = end.toISOString();
  const rows = [FOCUS_COLUMNS.join(',')];
  const invoiceIds = new Map(report.invoices.map((i) => [i.id, doInvoiceId(i)]));
  for (const item of report.items) {
    const row = focusRow(report, item, billingStart, billingEnd, invoiceIds);
    rows.push(FOCUS_COLUMNS.map((c) => cell(row[c], c === 'BilledCost')).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
