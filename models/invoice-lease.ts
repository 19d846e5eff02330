import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One taking of the lease on one DO team's invoices of one period (src/invoice/take-invoice-lease.ts).
 * Each taker inserts the next `fence` of its `key`, so the unique `_id` alone decides who holds it:
 * no update has to be atomic, which FerretDB's are not when two race. The holder pushes `expiresAt`
 * on while it works, so a crashed holder's lease lapses by itself. Kept after release (a handful per
 * period): a fence is never taken twice.
 */
const invoiceLeaseSchema = new Schema(
  {
    /** `<key>:<fence>` */
    _id: { type: String, required: true },
    /** `<account>:<period>` */
    key: { type: String, required: true },
    /** 1 for the first taking, then one more each time: orders the holders' generations of lines. */
    fence: { type: Number, required: true },
    /** Until when it is held; the epoch once released. */
    expiresAt: { type: Date, required: true },
  },
  { collection: 'invoice_leases', versionKey: false },
);

invoiceLeaseSchema.index({ key: 1 });

export type InvoiceLeaseDoc = InferSchemaType<typeof invoiceLeaseSchema>;
export const InvoiceLease = mongoose.model('InvoiceLease', invoiceLeaseSchema);
