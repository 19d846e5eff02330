import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const resourceRef = { kind: String, providerId: String, name: String, stale: Boolean };

/**
 * One line of a stored invoice with its match. Kept out of the invoice document so a 200,000-line
 * invoice stays far from the 16 MB document limit; written with insertMany, never updated in place
 * (re-matching writes a new generation and drops the old one).
 */
const invoiceLineSchema = new Schema(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    generation: { type: String, required: true },
    line: { type: Number, required: true },
    product: { type: String, required: true },
    groupDescription: { type: String, default: '' },
    description: { type: String, default: '' },
    amountCents: { type: Number, required: true },
    hours: { type: Number, default: null },
    start: { type: Date, default: null },
    end: { type: Date, default: null },
    projectName: { type: String, default: '' },
    category: { type: String, default: '' },
    resourceId: { type: String, default: '' },
    resourceUuid: { type: String, default: '' },
    /** From deriveKind; null for tax and unknown products. */
    kind: { type: String, default: null },
    match: { type: { ...resourceRef, via: String }, default: null },
    reason: { type: String, enum: ['tax', 'resource_never_seen', 'no_inventory_surface', 'ambiguous', null], default: null },
    detail: { type: String, default: null },
    candidates: { type: [resourceRef], default: [] },
  },
  { collection: 'invoice_lines', versionKey: false, minimize: false },
);

invoiceLineSchema.index({ period: 1, generation: 1, line: 1 }, { unique: true });

export type InvoiceLineDoc = InferSchemaType<typeof invoiceLineSchema>;
export const InvoiceLine = mongoose.model('InvoiceLine', invoiceLineSchema);
