import { z } from 'zod';
import type { DoClient } from '../digitalocean/client.js';
import { isNotFound } from '../errors.js';
import { DoInvoiceNotFoundError, InvoiceFormatError } from './errors.js';
import { parseCents } from './money.js';
import { itemsToLines } from './parse-items-json.js';
import type { ParsedInvoice, ParsedLine } from './parsed-invoice.js';
import { isPeriod, previousPeriod } from './period.js';
import type { SummaryBreakdown } from './report.js';
import { resolvePeriod } from './validate-line.js';

const listedInvoice = z.looseObject({
  invoice_uuid: z.string(),
  invoice_id: z.union([z.string(), z.number()]).optional(),
  amount: z.string().optional(),
  invoice_period: z.string(),
});
type ListedInvoice = z.infer<typeof listedInvoice>;

const money = z.union([z.string(), z.number()]);
const part = z.looseObject({ amount: money }).nullish();
const summarySchema = z.looseObject({
  amount: money,
  product_charges: part,
  overages: part,
  taxes: part,
  credits_and_adjustments: part,
});

/** DO's summary breakdown in cents, when it carries every part (a part DO leaves out counts as zero). */
export function summaryBreakdown(summary: z.infer<typeof summarySchema>): SummaryBreakdown | null {
  const cents = (p: z.infer<typeof part>) => (p ? parseCents(String(p.amount)) : 0);
  const b = {
    productCharges: cents(summary.product_charges),
    overages: cents(summary.overages),
    taxes: cents(summary.taxes),
    creditsAndAdjustments: cents(summary.credits_and_adjustments),
  };
  if (Object.values(b).some((v) => v === null) || !summary.product_charges) return null;
  return b as SummaryBreakdown;
}

/** Every invoice DO lists for the period: usually one, more when DO invoiced part-way through the month. */
async function findListedInvoices(client: DoClient, period: string): Promise<ListedInvoice[]> {
  const found: ListedInvoice[] = [];
  pages: for await (const page of client.pages<unknown>('/v2/customers/my/invoices', 'invoices')) {
    for (const raw of page.items) {
      const parsed = listedInvoice.safeParse(raw);
      if (!parsed.success) continue;
      if (parsed.data.invoice_period === period) found.push(parsed.data);
      // DO lists newest first: past the period, nothing more of it follows.
      else if (parsed.data.invoice_period < period) break pages;
    }
  }
  if (found.length === 0) throw new DoInvoiceNotFoundError(period);
  return found;
}

/**
 * Every item of an invoice, page after page (`links.pages.next`), checked against DO's own count
 * (`meta.total`): an invoice is never stored with items missing.
 */
export async function fetchAllItems(client: DoClient, uuid: string): Promise<ParsedLine[]> {
  const lines: ParsedLine[] = [];
  let total: number | undefined;
  for await (const page of client.pages<unknown>(
    `/v2/customers/my/invoices/${encodeURIComponent(uuid)}`,
    'invoice_items',
    { per_page: 200 },
  )) {
    total ??= page.total;
    lines.push(...itemsToLines(page.items, lines.length + 1));
  }
  if (total !== undefined && lines.length < total) {
    throw new InvoiceFormatError(
      0,
      `DigitalOcean counts ${total} items on invoice ${uuid} but sent ${lines.length}; ${total - lines.length} are missing, so nothing was stored`,
    );
  }
  return lines;
}

export interface FetchedInvoice {
  parsed: ParsedInvoice;
  /** DO's stated total: the summary's amount, or the invoice list's when the summary is unavailable. */
  expectedCents: number | null;
  /** The summary's parts (product charges, overages, taxes, credits and adjustments). */
  breakdown: SummaryBreakdown | null;
}

/** Lists DO's invoices and fetches each of the period's (default: last month). */
export async function fetchDoInvoices(client: DoClient, period: string = previousPeriod()): Promise<FetchedInvoice[]> {
  if (!isPeriod(period)) throw new InvoiceFormatError(0, `period "${period}" is not YYYY-MM`);
  const fetched: FetchedInvoice[] = [];
  for (const listed of await findListedInvoices(client, period))
    fetched.push(await fetchDoInvoice(client, listed, period));
  return fetched;
}

/** The invoice's summary, or null when DO has none for it (404): the list's amount stands in. */
async function invoiceSummary(client: DoClient, uuid: string): Promise<unknown> {
  try {
    return await client.get(`/v2/customers/my/invoices/${encodeURIComponent(uuid)}/summary`);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** One listed invoice: its items, 200 a page, and its summary. */
async function fetchDoInvoice(client: DoClient, listed: ListedInvoice, period: string): Promise<FetchedInvoice> {
  const lines = await fetchAllItems(client, listed.invoice_uuid);
  const summary = summarySchema.safeParse(await invoiceSummary(client, listed.invoice_uuid));
  const stated = summary.success ? String(summary.data.amount) : listed.amount;
  const breakdown = summary.success ? summaryBreakdown(summary.data) : null;
  return {
    parsed: {
      format: 'json',
      period: resolvePeriod(lines, period),
      lines,
      statedTotalCents: null,
      invoiceUuid: listed.invoice_uuid,
      invoiceNumber: listed.invoice_id !== undefined ? String(listed.invoice_id) : null,
    },
    expectedCents: stated !== undefined ? parseCents(stated) : null,
    breakdown,
  };
}
