import { z } from 'zod';
import type { DoClient } from '../digitalocean/client.js';
import { DoInvoiceNotFoundError, InvoiceFormatError } from './errors.js';
import { parseCents } from './money.js';
import { itemsToLines } from './parse-items-json.js';
import type { ParsedInvoice, ParsedLine } from './parsed-invoice.js';
import { isPeriod, previousPeriod } from './period.js';
import { resolvePeriod } from './validate-line.js';

const listedInvoice = z.looseObject({
  invoice_uuid: z.string(),
  invoice_id: z.union([z.string(), z.number()]).optional(),
  amount: z.string().optional(),
  invoice_period: z.string(),
});
type ListedInvoice = z.infer<typeof listedInvoice>;

const summarySchema = z.looseObject({ amount: z.union([z.string(), z.number()]) });

async function findListedInvoice(client: DoClient, period: string): Promise<ListedInvoice> {
  for await (const page of client.pages<unknown>('/v2/customers/my/invoices', 'invoices')) {
    for (const raw of page.items) {
      const parsed = listedInvoice.safeParse(raw);
      if (parsed.success && parsed.data.invoice_period === period) return parsed.data;
    }
  }
  throw new DoInvoiceNotFoundError(period);
}

/**
 * Every item of an invoice, page after page (`links.pages.next`), checked against DO's own count
 * (`meta.total`): an invoice is never stored with items missing.
 */
export async function fetchAllItems(client: DoClient, uuid: string): Promise<ParsedLine[]> {
  const lines: ParsedLine[] = [];
  let total: number | undefined;
  for await (const page of client.pages<unknown>(`/v2/customers/my/invoices/${encodeURIComponent(uuid)}`, 'invoice_items', { per_page: 200 })) {
    total ??= page.total;
    lines.push(...itemsToLines(page.items, lines.length + 1));
  }
  if (total !== undefined && lines.length < total) {
    throw new InvoiceFormatError(0, `DigitalOcean counts ${total} items on invoice ${uuid} but sent ${lines.length}; ${total - lines.length} are missing, so nothing was stored`);
  }
  return lines;
}

export interface FetchedInvoice {
  parsed: ParsedInvoice;
  /** DO's stated total: the summary's amount, or the invoice list's when the summary is unavailable. */
  expectedCents: number | null;
}

/** Lists DO's invoices, picks the period's (default: last month), pages its items 200 at a time and reads its summary. */
export async function fetchDoInvoice(client: DoClient, period: string = previousPeriod()): Promise<FetchedInvoice> {
  if (!isPeriod(period)) throw new InvoiceFormatError(0, `period "${period}" is not YYYY-MM`);
  const listed = await findListedInvoice(client, period);
  const lines = await fetchAllItems(client, listed.invoice_uuid);
  const summary = summarySchema.safeParse(await client.get(`/v2/customers/my/invoices/${encodeURIComponent(listed.invoice_uuid)}/summary`));
  const stated = summary.success ? String(summary.data.amount) : listed.amount;
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
  };
}
