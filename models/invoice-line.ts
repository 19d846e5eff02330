import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Lines per document: ~400 KB each, far below the 16 MB document limit, and a 200,000-line invoice is 200 documents. */
export const LINES_PER_CHUNK = 1_000;

/**
 * The lines of a stored invoice with their matches, LINES_PER_CHUNK to a document. Out of the
 * invoice document so any size fits; in chunks because FerretDB pays per document (a filtered
 * delete of 200,000 single-line documents overflows SQLite's variable limit, and every read scans).
 * Written once with insertMany, never updated: re-matching writes a new generation and drops the old.
 * Each element of `lines` is a MatchedLine (src/invoice/match-lines.ts).
 */
const invoiceLineChunkSchema = new Schema(
  {
    /** `period:generation:seq` */
    _id: { type: String, required: true },
    period: { type: String, required: true },
    generation: { type: String, required: true },
    seq: { type: Number, required: true },
    lines: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'invoice_line_chunks', versionKey: false, minimize: false },
);

invoiceLineChunkSchema.index({ period: 1, generation: 1, seq: 1 }, { unique: true });

export type InvoiceLineChunkDoc = InferSchemaType<typeof invoiceLineChunkSchema>;
export const InvoiceLineChunk = mongoose.model('InvoiceLineChunk', invoiceLineChunkSchema);
/** The same model under the name early callers (the invoice bench) import. */
export const InvoiceLine = InvoiceLineChunk;
