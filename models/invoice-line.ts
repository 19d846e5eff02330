import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One line of a stored invoice with its match, one document per line, so lines can be queried by
 * invoice, period, kind or resource (src/invoice/invoice-store.ts). Each set of lines is a
 * `generation`: written in full before the invoice's `generation` points at it, so a reader never
 * sees half an invoice; a line belongs to the invoice only while its generation is the invoice's.
 * Written once with insertMany, never updated: re-matching writes a new generation and drops the old.
 */
const invoiceLineSchema = new Schema(
  {
    /** `generation:seq` */
    _id: { type: String, required: true },
    period: { type: String, required: true },
    generation: { type: String, required: true },
    /** The invoice's id (DO's uuid, or `sha256:<hash>`). */
    invoiceId: { type: String, required: true },
    /** Order within the invoice (the file's order). */
    seq: { type: Number, required: true },
    /** `resourceKey` of the matched resource, or null: top level so an equality query can use an index. */
    resourceKey: { type: String, default: null },
    // The line as parsed (src/invoice/parsed-invoice.ts).
    line: { type: Number, required: true },
    product: { type: String, default: '' },
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
    // Its match (src/invoice/match-line.ts).
    kind: { type: String, default: null },
    match: { type: Schema.Types.Mixed, default: null },
    reason: { type: String, default: null },
    detail: { type: String, default: null },
    candidates: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'invoice_lines', versionKey: false, minimize: false },
);

// Reading a generation whole (older invoices stored one per period; lines carry both).
invoiceLineSchema.index({ period: 1, generation: 1 });
invoiceLineSchema.index({ generation: 1 });
// Lines of one invoice, of one kind, billed to one resource.
invoiceLineSchema.index({ invoiceId: 1, generation: 1 });
invoiceLineSchema.index({ kind: 1, period: 1 });
invoiceLineSchema.index({ resourceKey: 1 });

export type InvoiceLineDoc = InferSchemaType<typeof invoiceLineSchema>;
export const InvoiceLine = mongoose.model('InvoiceLine', invoiceLineSchema);
