import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Lines of a generation per `bucket`, the most one delete removes from it. FerretDB (the test
 * backend) deletes the `_id`s a filter matched with one PostgreSQL bind parameter each and refuses
 * more than 65,535, so one deleteMany cannot drop a large invoice there; MongoDB could, and deletes
 * a bucket at a time as well, through the { invoiceId, bucket, generation, seq } index. A delete of
 * other generations takes one bucket of each: room for six of them at once.
 */
export const LINES_PER_BUCKET = 10_000;

export function bucketOf(seq: number): number {
  return Math.floor(seq / LINES_PER_BUCKET);
}

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
    /**
     * `bucketOf(seq)`: the slice of a generation one delete removes (src/invoice/invoice-store.ts).
     * Lines stored before it get theirs from the `2026-12-invoice-line-buckets` migration.
     */
    bucket: { type: Number },
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
// Deleting a generation a bucket at a time, and finding its last bucket by the bucket's first `seq`:
// equality on every field but `generation`, which is equality or `$ne` (deleteLines in src/invoice/invoice-store.ts).
invoiceLineSchema.index({ invoiceId: 1, bucket: 1, generation: 1, seq: 1 });

export type InvoiceLineDoc = InferSchemaType<typeof invoiceLineSchema>;
export const InvoiceLine = mongoose.model('InvoiceLine', invoiceLineSchema);
