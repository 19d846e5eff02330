import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DEFAULT_ACCOUNT } from '../src/digitalocean/accounts.js';
import { actorFields } from './audit.js';

/** Where an invoice came from: an upload in Slack, `arcadia invoice ingest`, or DO's billing API. */
export const INVOICE_SOURCES = ['upload', 'cli', 'api'] as const;
export type InvoiceSource = (typeof INVOICE_SOURCES)[number];

/**
 * One DigitalOcean invoice, keyed by DO's identity (`_id` = `invoiceId`: its uuid, else `no:<number>`,
 * else `sha256:<hash>` for a file that names neither). A period may hold several: DO invoices part-way
 * through a month when a usage threshold is crossed. A corrected re-upload of the same invoice
 * replaces its lines (src/invoice/replace-guard.ts says when that needs `--replace`).
 * Its lines live in `invoice_lines` under `generation`; a new set of lines is written in full
 * before `generation` points at it, so a reader never sees half an invoice.
 */
const invoiceSchema = new Schema(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    /** The DO team it bills (src/digitalocean/accounts.ts): its lines match that team's resources only. */
    account: { type: String, required: true, default: DEFAULT_ACCOUNT },
    /** The key: DO's invoice uuid, `no:<invoice number>`, or `sha256:<hash of the lines>` for a file that names neither. */
    invoiceId: { type: String, required: true },
    /** DO's invoice uuid, when known. */
    invoiceUuid: { type: String, default: null },
    /** DO's invoice number (`invoice_id`), printed on the PDF. */
    invoiceNumber: { type: String, default: null },
    source: { type: String, enum: INVOICE_SOURCES, required: true },
    format: { type: String, enum: ['csv', 'json'], required: true },
    filename: { type: String, default: null },
    /** Hash of the validated lines: the same content ingested again is recognised and stored once. */
    contentHash: { type: String, required: true },
    generation: { type: String, required: true },
    lineCount: { type: Number, required: true },
    totalCents: { type: Number, required: true },
    /**
     * Lines matched to a resource, stored with every match (ingest, rematch) beside `lineCount` and
     * `totalCents`, so the Home tab shows the invoice without reading its lines. Null on an invoice
     * stored before it was kept, until the Home tab counts it once (src/slack/home/home-data.ts).
     */
    matchedLines: { type: Number, default: null },
    /** The total the invoice states (DO's summary, or the file's own total row), to check the lines against. */
    expectedTotalCents: { type: Number, default: null },
    expectedTotalSource: { type: String, enum: ['do_summary', 'file_total', 'none'], default: 'none' },
    /** DO's summary breakdown (cents): product charges, overages, taxes, credits and adjustments. */
    breakdown: { type: Schema.Types.Mixed, default: null },
    /** Resources live during the period that no line bills: computed when the lines are matched. */
    runningNotBilled: { type: Schema.Types.Mixed, default: null },
    /** Each time a person confirmed a copy that replaced the stored one (Replace in Slack, `--replace`): who, when, from where. Absent on invoices stored before it was kept. */
    replacements: { type: [new Schema(actorFields, { _id: false })], default: undefined },
    ingestedAt: { type: Date, required: true },
    matchedAt: { type: Date, required: true },
  },
  { collection: 'invoices', versionKey: false, minimize: false },
);

invoiceSchema.index({ invoiceId: 1 }, { unique: true });
invoiceSchema.index({ period: 1 });
invoiceSchema.index({ account: 1, period: 1 });

export type InvoiceDoc = InferSchemaType<typeof invoiceSchema>;
export const Invoice = mongoose.model('Invoice', invoiceSchema);
