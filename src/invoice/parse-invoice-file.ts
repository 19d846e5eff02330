import { InvoiceFormatError } from './errors.js';
import { isUtf8 } from 'node:buffer';
import type { InvoiceLineStream, ParsedInvoice } from './parsed-invoice.js';
import { parseInvoiceCsv, streamInvoiceCsv } from './parse-csv.js';
import { parseInvoiceItemsJson, streamInvoiceItemsJson } from './parse-items-json.js';

/**
 * The largest invoice file taken: DO's CSV runs 100-115 bytes a line, so this is some 440,000 lines,
 * above the 400,000 the benchmark ingests. The lines are streamed, but the upload's bytes are held
 * (they arrive whole, in the job), so past this a file is refused before it is read.
 */
export const MAX_INVOICE_FILE_BYTES = 48 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const GZIP_MAGIC = [0x1f, 0x8b];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

function startsWith(bytes: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Refuses what is plainly not an invoice (empty, too large, an archive, a PDF, binary data) before anything reads it. */
function checkBytes(bytes: Buffer): void {
  if (bytes.length === 0) throw new InvoiceFormatError(0, 'the file is empty');
  if (bytes.length > MAX_INVOICE_FILE_BYTES) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    throw new InvoiceFormatError(
      0,
      `the file is ${mib(bytes.length)}, over the ${mib(MAX_INVOICE_FILE_BYTES)} an invoice may be; is it really a DigitalOcean invoice?`,
    );
  }
  if (startsWith(bytes, ZIP_MAGIC))
    throw new InvoiceFormatError(0, 'the file is a zip archive; unzip it and send the CSV inside');
  if (startsWith(bytes, PDF_MAGIC)) {
    throw new InvoiceFormatError(
      0,
      "the file is a PDF; Arcadia reads DigitalOcean's invoice CSV: Billing → Billing history → the invoice → Download CSV",
    );
  }
  if (startsWith(bytes, GZIP_MAGIC))
    throw new InvoiceFormatError(0, 'the file is gzip-compressed; decompress it and send the CSV');
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    throw new InvoiceFormatError(lineAt(bytes, nul), 'the file holds binary data (NUL bytes), not CSV text');
  if (!isUtf8(bytes)) throw new InvoiceFormatError(0, 'the file is not UTF-8 text (binary data?)');
}

const BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);

/** What the content is: JSON when its first character (after a BOM and blanks) opens one, else CSV. */
function formatOf(bytes: Buffer): 'csv' | 'json' {
  let i = startsWith(bytes, BOM) ? BOM.length : 0;
  while (i < bytes.length && WHITESPACE.has(bytes[i]!)) i += 1;
  if (i === bytes.length) throw new InvoiceFormatError(0, 'the file is empty');
  return bytes[i] === 0x7b || bytes[i] === 0x5b ? 'json' : 'csv';
}

/**
 * Bytes of an uploaded invoice → validated lines, or an InvoiceFormatError naming the line and the problem.
 * The format follows the content (a JSON document or DO's CSV), not the file name, which people get wrong.
 */
export function parseInvoiceFile(bytes: Buffer, period?: string): ParsedInvoice {
  checkBytes(bytes);
  const text = bytes.toString('utf8');
  return formatOf(bytes) === 'json'
    ? parseInvoiceItemsJson(text.replace(/^\uFEFF/, '').trimStart(), period)
    : parseInvoiceCsv(text, period);
}

/** The same, read a batch of lines at a time as the ingest stores them (a CSV is never held as lines whole). */
export function openInvoiceFile(bytes: Buffer, period?: string): InvoiceLineStream {
  checkBytes(bytes);
  return formatOf(bytes) === 'json'
    ? streamInvoiceItemsJson(
        bytes
          .toString('utf8')
          .replace(/^\uFEFF/, '')
          .trimStart(),
        period,
      )
    : streamInvoiceCsv(bytes, period);
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}
