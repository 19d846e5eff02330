import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * What the last daily drift check found (src/invoice/billing-drift.ts), one document per provider:
 * the next check alerts only on drift not in `keys`, so a standing difference is reported once.
 */
const driftStateSchema = new Schema(
  {
    /** The provider: "digitalocean". */
    _id: { type: String, required: true },
    /** The drift items' keys (`billed:…`, `unbilled:…`) the last check found. */
    keys: { type: [String], default: [] },
    period: { type: String, required: true },
    checkedAt: { type: Date, required: true },
  },
  { collection: 'drift_states', versionKey: false },
);

export type DriftStateDoc = InferSchemaType<typeof driftStateSchema>;
export const DriftState = mongoose.model('DriftState', driftStateSchema);
