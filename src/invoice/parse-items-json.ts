import { z } from 'zod';
import { InvoiceFormatError, LISTED_LINE_PROBLEMS, type LineProblem } from './errors.js';
import type { InvoiceLineStream, ParsedInvoice, ParsedLine } from './parsed-invoice.js';
import { LINE_BATCH } from './parse-csv.js';
import { emptyRawLine, resolvePeriod, validateLine, type RawLine } from './validate-line.js';
import { parseCents } from './money.js';

/** DO sends strings, sometimes omits fields or sends null; numbers are read as their text. */
const field = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));

const itemSchema = z.looseObject({
  product: field,
  group_description: field,
  description: field,
  amount: field,
  duration: field,
  duration_unit: field,
  start_time: field,
  end_time: field,
  project_name: field,
  category: field,
  resource_id: field,
  resource_uuid: field,
});
export type DoInvoiceItem = z.input<typeof itemSchema>;

const HOURS_PER: Record<string, number> = { second: 1 / 3600, minute: 1 / 60, hour: 1, day: 24, week: 168 };

/**
 * `duration` in hours, from DO's `duration_unit` ("Hours" on most lines; "Minutes", "Days" and
 * others occur). A unit that is not time (GiB, requests, a month of a subscription) gives no hours
 * rather than a wrong number. No unit at all is read as hours, as DO's older items have it.
 */
export function durationHours(duration: string, unit: string): string {
  if (duration.trim() === '' || unit.trim() === '') return duration;
  const key = unit.trim().toLowerCase().replace(/s$/, '');
  const factor = HOURS_PER[key === 'hr' ? 'hour' : key === 'min' ? 'minute' : key];
  const n = Number(duration);
  if (factor === undefined || !Number.isFinite(n)) return '';
  return String(Math.round(n * factor * 1e6) / 1e6);
}

/**
 * DO invoice items (`GET /v2/customers/my/invoices/{uuid}` pages, or a saved copy) → validated lines.
 * Bad items are refused together, each named (the first LISTED_LINE_PROBLEMS, the rest counted).
 */
export function itemsToLines(items: unknown[], firstLine = 1): ParsedLine[] {
  const bad: LineProblem[] = [];
  let unlisted = 0;
  const lines: ParsedLine[] = [];
  items.forEach((item, i) => {
    try {
      lines.push(itemToLine(item, firstLine + i));
    } catch (err) {
      if (!(err instanceof InvoiceFormatError)) throw err;
      if (bad.length < LISTED_LINE_PROBLEMS) bad.push({ line: err.line, problem: err.problem });
      else unlisted += 1;
    }
  });
  const refused = InvoiceFormatError.ofLines(bad, unlisted);
  if (refused) throw refused;
  return lines;
}

function itemToLine(item: unknown, line: number): ParsedLine {
  const parsed = itemSchema.safeParse(item);
  if (!parsed.success)
    throw new InvoiceFormatError(
      line,
      `invoice item is not an object with DO's item fields (${parsed.error.issues[0]?.message})`,
    );
  const v = parsed.data;
  const raw: RawLine = {
    ...emptyRawLine(),
    product: v.product,
    group_description: v.group_description,
    description: v.description,
    amount: v.amount,
    hours: durationHours(v.duration, v.duration_unit),
    start: v.start_time,
    end: v.end_time,
    project_name: v.project_name,
    category: v.category,
    resource_id: v.resource_id,
    resource_uuid: v.resource_uuid,
  };
  return validateLine(raw, line);
}

const envelope = z.union([
  z.array(z.unknown()),
  z.looseObject({
    invoice_items: z.array(z.unknown()),
    invoice_uuid: z.string().optional(),
    invoice_id: z.union([z.string(), z.number()]).optional(),
    invoice_period: z.string().optional(),
    billing_period: z.string().optional(),
    amount: z.union([z.string(), z.number()]).optional(),
    links: z.looseObject({ pages: z.looseObject({ next: z.string().optional() }).nullish() }).nullish(),
    meta: z.looseObject({ total: z.number().optional() }).nullish(),
  }),
]);

/** The period an envelope states: DO's `invoice_period`, or `billing_period` as older exports name it. */
function statedPeriod(doc: object): string | undefined {
  const { invoice_period, billing_period } = doc as { invoice_period?: string; billing_period?: string };
  return invoice_period ?? billing_period;
}

/**
 * A saved page of DO's listing is not the invoice: `links.pages.next` points past it, or `meta.total`
 * counts more items than it holds. Accepting it would store part of the bill as the whole.
 */
function refuseSavedPage(doc: {
  invoice_items: unknown[];
  links?: { pages?: { next?: string } | null } | null;
  meta?: { total?: number } | null;
}): void {
  const held = doc.invoice_items.length;
  const total = doc.meta?.total;
  const next = doc.links?.pages?.next;
  if ((total === undefined || total <= held) && !next) return;
  const missing =
    total !== undefined && total > held
      ? `${total - held} of its ${total} items are missing (the file holds ${held})`
      : 'more items follow it (links.pages.next is set)';
  throw new InvoiceFormatError(
    0,
    `the file is one page of DO's invoice items: ${missing}; pull the whole invoice with \`arcadia invoice fetch PERIOD\`, or save every page into one file`,
  );
}

interface ItemsDocument {
  items: unknown[];
  statedTotalCents: number | null;
  statedPeriod: string | undefined;
  invoiceUuid: string | null;
  invoiceNumber: string | null;
}

function readItemsDocument(text: string): ItemsDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InvoiceFormatError(0, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = envelope.safeParse(data);
  if (!parsed.success)
    throw new InvoiceFormatError(0, 'JSON is neither DO\'s {"invoice_items": [...]} nor an array of invoice items');
  const doc = Array.isArray(parsed.data) ? { invoice_items: parsed.data } : parsed.data;
  refuseSavedPage(doc);
  if (doc.invoice_items.length === 0) throw new InvoiceFormatError(0, 'the file holds no invoice items');
  let statedTotalCents: number | null = null;
  if ('amount' in doc && doc.amount !== undefined) {
    statedTotalCents = parseCents(String(doc.amount));
    if (statedTotalCents === null)
      throw new InvoiceFormatError(0, `invoice amount ${JSON.stringify(doc.amount)} is not a number`);
  }
  return {
    items: doc.invoice_items,
    statedTotalCents,
    statedPeriod: statedPeriod(doc),
    invoiceUuid: 'invoice_uuid' in doc ? (doc.invoice_uuid ?? null) : null,
    invoiceNumber: 'invoice_id' in doc && doc.invoice_id !== undefined ? String(doc.invoice_id) : null,
  };
}

/** A JSON file of DO invoice items: `{"invoice_items": [...]}` as the API returns it, or a bare array. */
export function parseInvoiceItemsJson(text: string, period?: string): ParsedInvoice {
  const doc = readItemsDocument(text);
  const lines = itemsToLines(doc.items);
  return {
    format: 'json',
    period: resolvePeriod(lines, period ?? doc.statedPeriod),
    lines,
    statedTotalCents: doc.statedTotalCents,
    invoiceUuid: doc.invoiceUuid,
    invoiceNumber: doc.invoiceNumber,
  };
}

/** The same, validated a batch at a time as the ingest asks for lines (the items themselves are parsed whole: JSON has no streaming reader here). */
export function streamInvoiceItemsJson(text: string, period?: string): InvoiceLineStream {
  const doc = readItemsDocument(text);
  function* batches(): Generator<ParsedLine[]> {
    for (let i = 0; i < doc.items.length; i += LINE_BATCH)
      yield itemsToLines(doc.items.slice(i, i + LINE_BATCH), i + 1);
  }
  return {
    format: 'json',
    period: period ?? doc.statedPeriod,
    batches: batches(),
    statedTotalCents: () => doc.statedTotalCents,
    invoiceUuid: doc.invoiceUuid,
    invoiceNumber: doc.invoiceNumber,
  };
}
