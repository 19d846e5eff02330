import type { Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { InvoiceFormatError } from './errors.js';
import type { ParsedInvoice, ParsedLine } from './parsed-invoice.js';
import { emptyRawLine, resolvePeriod, validateLine, type RawLine } from './validate-line.js';
import { parseCents } from './money.js';

/** DO's invoice CSV header, exactly as exported (section 4.3 of the API notes). */
export const DO_CSV_HEADER = ['product', 'group_description', 'description', 'hours', 'start', 'end', 'USD', 'project_name', 'category'] as const;

/** CSV column → field. Columns are found by name, so an export that adds, drops or reorders columns still reads. */
const COLUMN_FIELDS: Record<string, keyof RawLine> = {
  product: 'product',
  group_description: 'group_description',
  description: 'description',
  hours: 'hours',
  duration: 'hours',
  start: 'start',
  start_time: 'start',
  end: 'end',
  end_time: 'end',
  usd: 'amount',
  amount: 'amount',
  project_name: 'project_name',
  category: 'category',
  resource_id: 'resource_id',
  resource_uuid: 'resource_uuid',
};
const REQUIRED: (keyof RawLine)[] = ['product', 'description', 'amount', 'start', 'end'];
const TOTAL_ROW = /^(invoice\s+)?total$/i;

// csv-parse's typings tie a typed result to the `columns` option, but on_record alone maps records too.
const parseRecordsInto = parse as unknown as (input: string, options: Options<ParsedLine, string[]>) => ParsedLine[];

/** Reads DO's invoice CSV; the whole file is validated before the caller stores anything. */
export function parseInvoiceCsv(text: string, period?: string): ParsedInvoice {
  let fields: (keyof RawLine | undefined)[] | undefined;
  let statedTotalCents: number | null = null;
  // Each record becomes its ParsedLine as csv-parse reads it (on_record), so the file's rows are
  // never all held as string arrays beside the lines made from them (the 200,000-line benchmark's
  // peak RSS went from 844 to 737 MiB).
  const toLine = (record: string[], lineNo: number): ParsedLine | null => {
    if (!fields) {
      fields = headerFields(record);
      return null;
    }
    if (record.length !== fields.length) {
      throw new InvoiceFormatError(lineNo, `expected ${fields.length} columns as in the header, found ${record.length}`);
    }
    const raw = emptyRawLine();
    record.forEach((cell, i) => {
      const field = fields![i];
      if (field) raw[field] = cell;
    });
    if (TOTAL_ROW.test(raw.product.trim()) || (raw.product.trim() === '' && TOTAL_ROW.test(raw.description.trim()))) {
      statedTotalCents = parseCents(raw.amount);
      if (statedTotalCents === null) throw new InvoiceFormatError(lineNo, `total ${JSON.stringify(raw.amount)} is not a number`);
      return null;
    }
    return validateLine(raw, lineNo);
  };
  let lines: ParsedLine[];
  try {
    lines = parseRecordsInto(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      on_record: (record, context) => toLine(record, context.lines),
    });
  } catch (err) {
    if (err instanceof InvoiceFormatError) throw err;
    const e = err as { lines?: number; message?: string };
    throw new InvoiceFormatError(e.lines ?? 0, `not valid CSV: ${e.message ?? String(err)}`);
  }
  if (!fields) throw new InvoiceFormatError(0, 'the file is empty');
  if (lines.length === 0) throw new InvoiceFormatError(0, 'the file has a header but no invoice lines');
  return { format: 'csv', period: resolvePeriod(lines, period), lines, statedTotalCents, invoiceUuid: null, invoiceNumber: null };
}

function headerFields(header: string[]): (keyof RawLine | undefined)[] {
  const fields = header.map((h) => COLUMN_FIELDS[h.trim().toLowerCase()]);
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  if (missing.length) {
    const names = missing.map((f) => (f === 'amount' ? 'USD' : f));
    throw new InvoiceFormatError(
      1,
      `header is missing column${names.length > 1 ? 's' : ''} ${names.join(', ')}; expected DO's invoice header "${DO_CSV_HEADER.join(',')}"`,
    );
  }
  const seen = new Set<string>();
  for (const f of fields) {
    if (f && seen.has(f)) throw new InvoiceFormatError(1, `header names column ${f} twice`);
    if (f) seen.add(f);
  }
  return fields;
}
