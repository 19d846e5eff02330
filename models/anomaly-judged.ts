import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The last day the anomaly check judged, one document per DO team: the next check judges every
 * day after it that DO has served since (published late, or missed while Arcadia was down).
 */
const anomalyJudgedSchema = new Schema(
  {
    /** The account name. */
    _id: { type: String, required: true },
    day: { type: String, required: true },
    judgedAt: { type: Date, required: true },
  },
  { collection: 'anomaly_judged', versionKey: false },
);

export type AnomalyJudgedDoc = InferSchemaType<typeof anomalyJudgedSchema>;
export const AnomalyJudged = mongoose.model('AnomalyJudged', anomalyJudgedSchema);
