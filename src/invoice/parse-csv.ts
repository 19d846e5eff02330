import { parse as parseStream, type Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { PeriodCheck } from './period-check.js';
import { InvoiceFormatError, LISTED_LINE_PROBLEMS, type LineProblem } from './errors.js';
import type { InvoiceLineStream, ParsedInvoice, ParsedLine } from './parsed-invoice.js';
import { emptyRawLine, resolvePeriod, validateLine, type RawLine } from './validate-line.js';
import { parseCents } from './money.js';

/** DO's invoice CSV header, exactly as exported (section 4.3 of the API notes). */
export const DO_CSV_HEADER = [
  'product',
  'group_description',
  'description',
  'hours',
  'start',
  'end',
  'USD',
  'project_name',
  'category',
] as const;

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
/** Lines handed on at a time (at least): enough to amortise a database round trip, few enough to hold. */
export const LINE_BATCH = 2_000;
/** Bytes fed to the parser at a time, so its output is bounded by a chunk's records. */
const CHUNK_BYTES = 256 * 1024;

// csv-parse's typings tie a typed result to the `columns` option, but on_record alone maps records too.
const parseRecordsInto = parse as unknown as (input: string, options: Options<ParsedLine, string[]>) => ParsedLine[];
const CSV_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true, trim: false } as const;

/** Records → lines: the header first, then each row validated as it is read; a "Total" row is kept aside, checked. */
class CsvLines {
  fields: (keyof RawLine | undefined)[] | undefined;
  statedTotalCents: number | null = null;
  count = 0;
  /** Bad lines so far, the first LISTED_LINE_PROBLEMS of them; every one is refused together at the end. */
  readonly bad: LineProblem[] = [];
  unlisted = 0;

  /** Lines read and not yet taken (streaming only). */
  pending: ParsedLine[] = [];

  /** As `onRecord`, keeping the line in `pending` rather than handing it to the parser's output. */
  readonly keepRecord = (record: string[], context: { lines: number }): null => {
    const line = this.onRecord(record, context);
    // Once a line is bad the file is refused: what follows is only read for its problems.
    if (line && this.bad.length === 0) this.pending.push(line);
    return null;
  };

  /** A record as its line; a bad one is noted (the file is refused at the end with every one) and gives none. */
  readonly onRecord = (record: string[], context: { lines: number }): ParsedLine | null => {
    if (!this.fields) return this.readRecord(record, context.lines);
    try {
      return this.readRecord(record, context.lines);
    } catch (err) {
      if (!(err instanceof InvoiceFormatError) || err.line <= 0) throw err;
      if (this.bad.length < LISTED_LINE_PROBLEMS) this.bad.push({ line: err.line, problem: err.problem });
      else this.unlisted += 1;
      return null;
    }
  };

  private readRecord(record: string[], lineNo: number): ParsedLine | null {
    if (!this.fields) {
      this.fields = headerFields(record);
      return null;
    }
    const fields = this.fields;
    if (record.length !== fields.length) {
      throw new InvoiceFormatError(
        lineNo,
        `expected ${fields.length} columns as in the header, found ${record.length}`,
      );
    }
    const raw = emptyRawLine();
    for (let i = 0; i < record.length; i += 1) {
      const field = fields[i];
      if (field) raw[field] = record[i]!;
    }
    if (TOTAL_ROW.test(raw.product.trim()) || (raw.product.trim() === '' && TOTAL_ROW.test(raw.description.trim()))) {
      this.statedTotalCents = parseCents(raw.amount);
      if (this.statedTotalCents === null)
        throw new InvoiceFormatError(lineNo, `total ${JSON.stringify(raw.amount)} is not a number`);
      return null;
    }
    this.count += 1;
    return validateLine(raw, lineNo);
  }

  /** After the last record: a file with bad lines (all of them named), without a header or without lines is refused. */
  finish(): void {
    const refused = InvoiceFormatError.ofLines(this.bad, this.unlisted);
    if (refused) throw refused;
    if (!this.fields) throw new InvoiceFormatError(0, 'the file is empty');
    if (this.count === 0) throw new InvoiceFormatError(0, 'the file has a header but no invoice lines');
  }
}

function csvError(err: unknown): unknown {
  if (err instanceof InvoiceFormatError) return err;
  const e = err as { lines?: number; message?: string };
  return new InvoiceFormatError(e.lines ?? 0, `not valid CSV: ${e.message ?? String(err)}`);
}

/** Reads DO's invoice CSV whole (the lines all in memory); ingesting streams it instead (`streamInvoiceCsv`). */
export function parseInvoiceCsv(text: string, period?: string): ParsedInvoice {
  const reader = new CsvLines();
  let lines: ParsedLine[];
  try {
    lines = parseRecordsInto(text, { ...CSV_OPTIONS, on_record: reader.onRecord });
  } catch (err) {
    throw csvError(err);
  }
  try {
    reader.finish();
  } catch (err) {
    // The lines outside the period are refused together with the bad ones, as when streamed.
    if (!(err instanceof InvoiceFormatError) || err.line <= 0) throw err;
    const check = new PeriodCheck(period);
    check.accept(lines);
    throw check.merged(err);
  }
  return {
    format: 'csv',
    period: resolvePeriod(lines, period),
    lines,
    statedTotalCents: reader.statedTotalCents,
    invoiceUuid: null,
    invoiceNumber: null,
  };
}

/**
 * DO's invoice CSV as a stream of validated line batches: the parser is fed the bytes a chunk at a
 * time and each record becomes its line as it is read, so memory holds a chunk's lines and one
 * batch, whatever the size of the file. Lines are collected beside the parser rather than passed
 * through its output, which would cost a promise per line. The bytes must be UTF-8 (checked by the caller).
 */
export function streamInvoiceCsv(bytes: Buffer, period?: string): InvoiceLineStream {
  const reader = new CsvLines();
  async function* batches(): AsyncGenerator<ParsedLine[]> {
    const parser = parseStream({ ...CSV_OPTIONS, on_record: reader.keepRecord } as Options);
    // A refused record errors the stream: the write or end below rejects with it. Without a listener
    // for the 'error' event the stream would also throw it from its own callback, uncaught.
    let failure: unknown;
    parser.on('error', (err) => (failure ??= err));
    const take = () => {
      const lines = reader.pending;
      reader.pending = [];
      return lines;
    };
    try {
      for (let i = 0; i < bytes.length; i += CHUNK_BYTES) {
        const chunk = bytes.subarray(i, i + CHUNK_BYTES);
        await new Promise<void>((resolve, reject) =>
          parser.write(chunk, (err) => (err || failure ? reject(err ?? failure) : resolve())),
        );
        if (reader.pending.length >= LINE_BATCH) yield take();
      }
      await new Promise<void>((resolve, reject) => {
        parser.once('error', reject);
        parser.end(() => (failure ? reject(failure) : resolve()));
      });
    } catch (err) {
      throw csvError(err);
    } finally {
      parser.destroy();
    }
    // The lines read before the first bad one still go through the period check, so any of them
    // outside the period are refused together with the bad ones (the ingest drops what it wrote).
    if (reader.bad.length && reader.pending.length) yield take();
    reader.finish();
    if (reader.pending.length) yield take();
  }
  return {
    format: 'csv',
    period,
    batches: batches(),
    statedTotalCents: () => reader.statedTotalCents,
    invoiceUuid: null,
    invoiceNumber: null,
  };
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
