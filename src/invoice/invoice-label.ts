import type { InvoiceMeta } from './report.js';

/** Stored for a file that names no invoice: a content hash, which identifies nothing to a person. */
const CONTENT_HASH_ID = /^sha256:/;

/** DO's own id for the invoice: its number (printed on the PDF), else its uuid; null when the file named neither. */
export function doInvoiceId(invoice: Pick<InvoiceMeta, 'id' | 'number'>): string | null {
  if (invoice.number) return invoice.number;
  return CONTENT_HASH_ID.test(invoice.id) ? null : invoice.id;
}

/** How a headline names an invoice: "DO invoice 418071234", else the file it came from; never a 64-character hash. */
export function invoiceLabel(invoice: Pick<InvoiceMeta, 'id' | 'number' | 'filename'>): string {
  const id = doInvoiceId(invoice);
  if (id) return `DO invoice ${id}`;
  return invoice.filename ?? 'an invoice file';
}
