import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const ANOMALY_DECISIONS = ['expected', 'investigating', 'snoozed'] as const;
export type AnomalyDecision = (typeof ANOMALY_DECISIONS)[number];

/**
 * A spend anomaly: one tenant's (or the account's) SKU above its baseline, from its first day until
 * it recovers or settles (src/anomaly/detect.ts), with what people decided about it. Its id is
 * `<series key>|<first day>`, so a run that happens twice records it once.
 */
const anomalySchema = new Schema(
  {
    _id: { type: String, required: true },
    /** `account|tenant|sku`: the series. */
    key: { type: String, required: true },
    account: { type: String, required: true },
    tenant: { type: String, default: null },
    sku: { type: String, required: true },
    product: { type: String, default: '' },
    day: { type: String, required: true },
    baselineCents: { type: Number, required: true },
    cents: { type: Number, required: true },
    thresholdCents: { type: Number, required: true },
    weekday: { type: Boolean, default: false },
    /** What in the inventory explains it, one sentence each (src/anomaly/explain.ts). */
    explanation: { type: [String], default: [] },
    status: { type: String, enum: ['open', 'closed'], required: true, default: 'open' },
    closedDay: { type: String, default: null },
    closedReason: { type: String, enum: ['recovered', 'settled', null], default: null },
    decision: { type: String, enum: [...ANOMALY_DECISIONS, null], default: null },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    assignee: { type: String, default: null },
    /** Snoozed: the series' anomalies until then are recorded but left out of the digest. */
    snoozedUntil: { type: String, default: null },
    history: { type: [{ action: String, by: String, at: Date, detail: String }], default: [] },
    detectedAt: { type: Date, required: true },
  },
  { collection: 'anomalies', versionKey: false },
);
anomalySchema.index({ status: 1, key: 1 });
anomalySchema.index({ key: 1, day: -1 });

export type AnomalyDoc = InferSchemaType<typeof anomalySchema>;
export const Anomaly = mongoose.model('Anomaly', anomalySchema);
