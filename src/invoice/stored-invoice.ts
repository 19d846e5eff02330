import { Invoice } from '../../models/invoice.js';
import { isDuplicateKey } from '../duplicate-key.js';

/** An invoice as stored: what every other part of the service reads and judges. */
export type StoredInvoice = NonNullable<Awaited<ReturnType<typeof findByKey>>>;

export function findByKey(invoiceId: string) {
  return Invoice.findOne({ invoiceId }).lean();
}

/** A period's stored invoices, of one account or (undefined) of every account. */
export function invoicesOf(period: string, account?: string) {
  return Invoice.find(account === undefined ? { period } : { account, period }).lean();
}

/** Every stored invoice of a period (of one account, when given), oldest first by invoice number (then by when each was ingested). */
export async function periodInvoices(period: string, account?: string): Promise<StoredInvoice[]> {
  const docs = await invoicesOf(period, account);
  return docs.sort(
    (a, b) =>
      (a.invoiceNumber ?? '').localeCompare(b.invoiceNumber ?? '', 'en', { numeric: true }) ||
      a.ingestedAt.getTime() - b.ingestedAt.getTime(),
  );
}

/**
 * The commit: points the invoice at a new generation (`fields`), provided it still points at
 * `previous` (null: nothing is stored under its key yet), which the replace guard judged against.
 * False when another ingest committed first: under the lease that only happens to a holder that
 * lost it while paused.
 */
export async function pointAt(
  invoiceId: string,
  previous: string | null,
  fields: Record<string, unknown>,
): Promise<boolean> {
  if (previous !== null)
    return (await Invoice.updateOne({ invoiceId, generation: previous }, { $set: fields })).matchedCount === 1;
  try {
    await Invoice.create({ _id: invoiceId, ...fields });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
