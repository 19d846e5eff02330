import type { InvoiceMeta } from './report.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';

/** Stored for a file that names no invoice: a content hash, which identifies nothing to a person. */
const CONTENT_HASH_ID = /^sha256:/;

/** DO's own id for the invoice: its number (printed on the PDF), else its uuid; null when the file named neither. */
export function doInvoiceId(invoice: Pick<InvoiceMeta, 'id' | 'number'>): string | null {
  if (invoice.number) return invoice.number;
  return CONTENT_HASH_ID.test(invoice.id) ? null : invoice.id;
}

/**
 * How a headline names an invoice: "DO invoice 418071234", else the file it came from; never a
 * 64-character hash. With several DO teams the team follows ("DO invoice 418071234 (staging)").
 */
export function invoiceLabel(invoice: Pick<InvoiceMeta, 'id' | 'number' | 'filename'> & { account?: string }): string {
  const id = doInvoiceId(invoice);
  const label = id ? `DO invoice ${id}` : (invoice.filename ?? 'an invoice file');
  return invoice.account && invoice.account !== DEFAULT_ACCOUNT ? `${label} (${invoice.account})` : label;
}
