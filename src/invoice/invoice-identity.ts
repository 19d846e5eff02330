import { createHash } from 'node:crypto';
import { InvoiceAmbiguousError } from './errors.js';
import { invoicesOf, type StoredInvoice } from './stored-invoice.js';

/** What an invoice says of itself that tells it from another of its period. */
export type InvoiceNames = { invoiceUuid: string | null; invoiceNumber: string | null };

/**
 * The key of an invoice that names no DO id (a CSV whose name carries no invoice number):
 * `sha256:` of the period asked for and the bytes it came as. It is known before a line is read,
 * so every stored line carries it from the start; the period is part of it because the same
 * undated file may be given for two periods. This is the one rule for such keys.
 */
export function contentKey(period: string | undefined, bytes: Buffer): string {
  return `sha256:${createHash('sha256')
    .update(period ?? '')
    .update('\0')
    .update(bytes)
    .digest('hex')}`;
}

/** DO's uuid of a stored invoice: its own field, or its key when it was stored under the uuid before that field existed. */
export function uuidOf(doc: StoredInvoice): string | null {
  if (doc.invoiceUuid) return doc.invoiceUuid;
  return /^(sha256|no):/.test(doc.invoiceId) ? null : doc.invoiceId;
}

/**
 * The key an invoice is stored under: DO's uuid, else `no:<its number>`, as this copy or the stored
 * one names them; an invoice neither names keeps the key it is stored under, or takes `anonymousKey`.
 */
export function invoiceKey(names: InvoiceNames, existing: StoredInvoice | null, anonymousKey: string): string {
  const uuid = names.invoiceUuid ?? (existing ? uuidOf(existing) : null);
  if (uuid) return uuid;
  const number = names.invoiceNumber ?? existing?.invoiceNumber ?? null;
  if (number) return `no:${number}`;
  return existing?.invoiceId ?? anonymousKey;
}

/**
 * The stored invoice this one is a copy of, if any. Two invoices of one period are different
 * invoices when DO's uuid or number tells them apart; a file naming neither stands for the period's
 * invoice only while the period holds one, and is refused (InvoiceAmbiguousError) when it holds more.
 */
export async function sameInvoice(period: string, account: string, names: InvoiceNames): Promise<StoredInvoice | null> {
  // Within the account: another team's invoice of the same month is never this one.
  const stored = await invoicesOf(period, account);
  const { invoiceUuid: uuid, invoiceNumber: number } = names;
  const named = stored.find((d) => (uuid && uuidOf(d) === uuid) || (number && d.invoiceNumber === number));
  if (named) return named;
  if (uuid || number) {
    // A named invoice supersedes an upload of the period that named none (the same month, seen without its id).
    return stored.length === 1 && uuidOf(stored[0]!) === null && !stored[0]!.invoiceNumber ? stored[0]! : null;
  }
  if (stored.length <= 1) return stored[0] ?? null;
  throw new InvoiceAmbiguousError(
    period,
    stored.map((d) => d.invoiceNumber ?? d.invoiceId),
  );
}
