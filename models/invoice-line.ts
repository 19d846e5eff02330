import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Lines per document: ~400 KB of JSON before compression, far below the 16 MB limit; a 200,000-line invoice is 200 documents. */
export const LINES_PER_CHUNK = 1_000;

/**
 * The lines of a stored invoice with their matches, LINES_PER_CHUNK to a document, as gzipped JSON
 * (src/invoice/invoice-store.ts). Out of the invoice document so any size fits; in chunks because
 * FerretDB pays per document (a filtered delete of 200,000 one-line documents overflows SQLite's
 * variable limit, and every read scans); compressed because FerretDB converts every field of every
 * document it reads, and lines are only ever read whole, a generation at a time.
 * Written once with insertMany, never updated: re-matching writes a new generation and drops the old.
 */
const invoiceLineChunkSchema = new Schema(
  {
    /** `period:generation:seq` */
    _id: { type: String, required: true },
    period: { type: String, required: true },
    generation: { type: String, required: true },
    seq: { type: Number, required: true },
    /** How many lines `data` holds. */
    count: { type: Number, required: true },
    /** gzip of the JSON array of the chunk's MatchedLines. */
    data: { type: Buffer, required: true },
  },
  { collection: 'invoice_line_chunks', versionKey: false, minimize: false },
);

invoiceLineChunkSchema.index({ period: 1, generation: 1, seq: 1 }, { unique: true });

export type InvoiceLineChunkDoc = InferSchemaType<typeof invoiceLineChunkSchema>;
export const InvoiceLineChunk = mongoose.model('InvoiceLineChunk', invoiceLineChunkSchema);
