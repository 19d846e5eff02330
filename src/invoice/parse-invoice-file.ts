import { InvoiceFormatError } from './errors.js';
import type { ParsedInvoice } from './parsed-invoice.js';
import { parseInvoiceCsv } from './parse-csv.js';
import { parseInvoiceItemsJson } from './parse-items-json.js';

/**
 * The largest invoice file taken: DO's CSV runs about 100 bytes a line, so this is some 400,000
 * lines, double the largest invoice we test. Past it a file is refused before it is read, rather than
 * held whole in memory (the file is validated whole before anything is stored).
 */
export const MAX_INVOICE_FILE_BYTES = 40 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const GZIP_MAGIC = [0x1f, 0x8b];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

function startsWith(bytes: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/**
 * Bytes of an uploaded invoice → validated lines, or an InvoiceFormatError naming the line and the problem.
 * The format follows the content (a JSON document or DO's CSV), not the file name, which people get wrong.
 */
export function parseInvoiceFile(bytes: Buffer, period?: string): ParsedInvoice {
  if (bytes.length === 0) throw new InvoiceFormatError(0, 'the file is empty');
  if (bytes.length > MAX_INVOICE_FILE_BYTES) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    throw new InvoiceFormatError(0, `the file is ${mib(bytes.length)}, over the ${mib(MAX_INVOICE_FILE_BYTES)} an invoice may be; is it really a DigitalOcean invoice?`);
  }
  if (startsWith(bytes, ZIP_MAGIC)) throw new InvoiceFormatError(0, 'the file is a zip archive; unzip it and send the CSV inside');
  if (startsWith(bytes, PDF_MAGIC)) {
    throw new InvoiceFormatError(0, "the file is a PDF; Arcadia reads DigitalOcean's invoice CSV: Billing → Billing history → the invoice → Download CSV");
  }
  if (startsWith(bytes, GZIP_MAGIC)) throw new InvoiceFormatError(0, 'the file is gzip-compressed; decompress it and send the CSV');
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new InvoiceFormatError(lineAt(bytes, nul), 'the file holds binary data (NUL bytes), not CSV text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvoiceFormatError(0, 'the file is not UTF-8 text (binary data?)');
  }
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw new InvoiceFormatError(0, 'the file is empty');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseInvoiceItemsJson(trimmed, period);
  return parseInvoiceCsv(text, period);
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}
