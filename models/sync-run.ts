import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DEFAULT_ACCOUNT } from '../src/digitalocean/accounts.js';

export const SYNC_STATUSES = ['running', 'succeeded', 'failed', 'suspicious'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** One sync of one kind. A retried job updates the same record (same runId), never adds a second. */
const syncRunSchema = new Schema(
  {
    runId: { type: String, required: true },
    provider: { type: String, required: true, default: 'digitalocean' },
    /** The DO team listed (src/digitalocean/accounts.ts). */
    account: { type: String, required: true, default: DEFAULT_ACCOUNT },
    kind: { type: String, required: true },
    status: { type: String, enum: SYNC_STATUSES, required: true },
    attempts: { type: Number, default: 1 },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    /** When the complete listing ended: every live resource of the kind was seen by then. */
    listingCompletedAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
    listed: { type: Number, default: 0 },
    created: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    markedStale: { type: Number, default: 0 },
    revived: { type: Number, default: 0 },
    skipped: { type: Number, default: 0 },
    apiCalls: { type: Number, default: 0 },
    /** `meta.total` from DO, when sent: a cross-check on `listed`. */
    reportedTotal: { type: Number, default: null },
    error: { type: String, default: null },
    /** Why the kind was not listed at all (e.g. no Spaces keys): the run is shown as skipped, not as 0 listed. */
    skippedBecause: { type: String, default: null },
    notes: { type: [String], default: [] },
    /** Resources this run marked stale or revived, for the alert that follows it. */
    newlyStale: { type: [{ providerId: String, name: String }], default: [] },
    newlyRevived: { type: [{ providerId: String, name: String }], default: [] },
    alertedAt: { type: Date, default: null },
  },
  { collection: 'sync_runs', versionKey: false },
);

syncRunSchema.index({ runId: 1 }, { unique: true });
syncRunSchema.index({ account: 1, kind: 1, startedAt: -1 });
syncRunSchema.index({ account: 1, kind: 1, status: 1, listingCompletedAt: -1 });

export type SyncRunDoc = InferSchemaType<typeof syncRunSchema>;
export const SyncRun = mongoose.model('SyncRun', syncRunSchema);
