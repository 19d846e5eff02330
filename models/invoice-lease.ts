import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Who may write one DO team's invoices of one period (src/invoice/invoice-lease.ts): one holder at
 * a time, until `expiresAt`, which the holder pushes on while it works, so a crashed holder's lease
 * lapses by itself. Released leases stay (holder null, long expired) so `fence` never goes back.
 */
const invoiceLeaseSchema = new Schema(
  {
    /** `<account>:<period>` */
    _id: { type: String, required: true },
    /** A random token of the ingest holding it; null once released. */
    holder: { type: String, default: null },
    /** How many times it was taken: each holder's generations sort after every earlier holder's. */
    fence: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'invoice_leases', versionKey: false },
);

export type InvoiceLeaseDoc = InferSchemaType<typeof invoiceLeaseSchema>;
export const InvoiceLease = mongoose.model('InvoiceLease', invoiceLeaseSchema);
