import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DEFAULT_ACCOUNT } from '../src/digitalocean/accounts.js';

/**
 * A waste finding: one rule's verdict on one resource, kept while the rule still finds it. A finding
 * the rule no longer finds gets `resolvedAt` (and comes back with the same key if the waste returns).
 */
const wasteFindingSchema = new Schema(
  {
    /** `<ruleId>:<resource key>`: the key the buttons and the finding's state use. */
    _id: { type: String, required: true },
    ruleId: { type: String, required: true },
    /** The DO team of the resource. */
    account: { type: String, required: true, default: DEFAULT_ACCOUNT },
    kind: { type: String, required: true },
    providerId: { type: String, required: true },
    name: { type: String, default: '' },
    region: { type: String, default: null },
    projectId: { type: String, default: null },
    projectName: { type: String, default: null },
    tags: { type: [String], default: [] },
    reason: { type: String, required: true },
    monthlyCents: { type: Number, required: true },
    /** When the waste began, as far as the data says. */
    since: { type: Date, required: true },
    firstSeenAt: { type: Date, required: true },
    /**
     * The resource's age (src/inventory/resource-age.ts): DO's created_at, or when Arcadia first saw
     * it. Findings stored before it have none; readers fall back to the finding's firstSeenAt.
     */
    ageAt: { type: Date, default: null },
    ageBasis: { type: String, enum: ['created', 'first_seen', null], default: null },
    lastSeenAt: { type: Date, required: true },
    /** What the finding is, in one string: a change here brings an acknowledged finding back. */
    fingerprint: { type: String, required: true },
    /**
     * The resource's page in DO's control panel, worked out when the finding was detected: some
     * pages depend on stored attrs (a volume snapshot's list, a backup's droplet) the finding does not
     * keep. Findings stored before it have none; readers fall back to the kind's link without attrs.
     */
    consoleUrl: { type: String, default: null },
    resolvedAt: { type: Date, default: null },
  },
  { collection: 'waste_findings', versionKey: false },
);

// The open findings, most expensive first: digests, /cloud waste, App Home.
wasteFindingSchema.index({ resolvedAt: 1, monthlyCents: -1 });
wasteFindingSchema.index({ ruleId: 1, resolvedAt: 1 });

export type WasteFindingDoc = InferSchemaType<typeof wasteFindingSchema>;
export const WasteFinding = mongoose.model('WasteFinding', wasteFindingSchema);
