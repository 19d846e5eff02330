import { z } from 'zod';
import type { DoClient } from '../digitalocean/client.js';
import { invoiceReport, matchLines, type InvoiceReportItem } from '../invoice/index.js';
import { itemsToLines } from '../invoice/parse-items-json.js';
import { periodOf } from '../invoice/period.js';
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

const previewSchema = z.looseObject({ invoice_period: z.string().optional(), updated_at: z.string().optional() });

/**
 * Month to date: DO's invoice preview (`/v2/customers/my/invoices/preview`, paged like any invoice's
 * items), matched against today's inventory as an ingested invoice would be. Nothing is stored.
 */
export async function previewPeriodLines(client: DoClient, now: Date = new Date()): Promise<PeriodLines> {
  const listed = await client.get<{ invoice_preview?: unknown }>('/v2/customers/my/invoices', { per_page: 1 });
  const preview = previewSchema.safeParse(listed.invoice_preview ?? {});
  const raw = [];
  for await (const page of client.pages<unknown>('/v2/customers/my/invoices/preview', 'invoice_items', { per_page: 200 })) {
    raw.push(...itemsToLines(page.items, raw.length + 1));
  }
  const { lines } = await matchLines(raw);
  return {
    period: (preview.success && preview.data.invoice_period) || periodOf(now),
    estimate: true,
    asOf: (preview.success && preview.data.updated_at) || now.toISOString(),
    lines: lines.map((l) => billingLine({ ...l, amount: l.amountCents, project: l.projectName })),
  };
}
