import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * What people decided about a finding (a waste finding or a stale resource): acknowledged, snoozed,
 * assigned. Kept apart from the findings themselves, which the rules rewrite after every sync.
 * The transitions are pure functions in src/findings/finding-transitions.ts.
 */
const findingStateSchema = new Schema(
  {
    /** The finding's key: `<ruleId>:<resource key>` for waste, `stale:<resource key>` for stale resources. */
    _id: { type: String, required: true },
    /** Acknowledged by whom and when, and the finding's fingerprint then: a changed finding is no longer acknowledged. */
    acknowledgedBy: { type: String, default: null },
    acknowledgedAt: { type: Date, default: null },
    acknowledgedFingerprint: { type: String, default: null },
    snoozedBy: { type: String, default: null },
    snoozedUntil: { type: Date, default: null },
    snoozedFingerprint: { type: String, default: null },
    assignee: { type: String, default: null },
    assignedBy: { type: String, default: null },
    assignedAt: { type: Date, default: null },
    /** Every action, oldest first: who did what, when. */
    history: { type: [{ action: String, by: String, at: Date, detail: String }], default: [] },
  },
  { collection: 'finding_states', versionKey: false },
);

export type FindingStateDoc = InferSchemaType<typeof findingStateSchema>;
export const FindingState = mongoose.model('FindingState', findingStateSchema);
