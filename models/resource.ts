import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { isResourceKind } from '../src/sync/kinds/index.js';
import { accountKeyPrefix, DEFAULT_ACCOUNT } from '../src/digitalocean/accounts.js';

// The kinds are the sync registry's (src/sync/kinds/index.ts): a kind is one spec file and one registry line.
export type { ResourceKind } from '../src/sync/kinds/index.js';

/** The unique identity index; the single-team one it replaced (without `account`) is dropped by src/migrations.ts. */
export const RESOURCE_IDENTITY_INDEX = 'resource_identity';

/**
 * One cloud resource as Arcadia last saw it. Never deleted: a resource missing from a complete
 * listing is marked stale (and revived if it comes back), so old invoices still find it.
 */
const resourceSchema = new Schema(
  {
    /** `resourceKey(kind, providerId, account)`: deterministic, so every per-resource write is a primary-key write. */
    _id: { type: String, required: true },
    provider: { type: String, required: true, default: 'digitalocean' },
    /** The DO team it lives in (src/digitalocean/accounts.ts): ids are only unique within a team. */
    account: { type: String, required: true, default: DEFAULT_ACCOUNT },
    kind: {
      type: String,
      required: true,
      validate: { validator: isResourceKind, message: 'unknown resource kind "{VALUE}"' },
    },
    providerId: { type: String, required: true },
    name: { type: String, default: '' },
    region: { type: String, default: null },
    status: { type: String, default: null },
    tags: { type: [String], default: [] },
    projectId: { type: String, default: null },
    attrs: { type: Schema.Types.Mixed, default: {} },
    /** Hash of the normalized fields: an unchanged resource is not rewritten. */
    fingerprint: { type: String, required: true },
    firstSeenAt: { type: Date, required: true },
    /**
     * When a run last wrote it (created, changed, revived). Unchanged live resources are not
     * rewritten each sync; their true last sighting is their kind's last complete listing
     * (src/inventory/last-seen.ts).
     */
    lastSeenAt: { type: Date, required: true },
    lastSyncRunId: { type: String, required: true },
    /** Runs that created, changed, revived or staled it: lets a retried run count exactly what an uninterrupted one would. */
    createdSyncRunId: { type: String, default: null },
    changedSyncRunId: { type: String, default: null },
    revivedSyncRunId: { type: String, default: null },
    staleSyncRunId: { type: String, default: null },
    stale: { type: Boolean, default: false },
    staleSince: { type: Date, default: null },
    /**
     * The saga whose teardown or compensation deleted it (src/saga/engine.ts): when it then goes
     * stale, that is expected, so the stale alert leaves it out rather than offer buttons and a
     * console link to something deleted on purpose.
     */
    removedBySaga: { type: String, default: null },
    removedAt: { type: Date, default: null },
  },
  { collection: 'resources', versionKey: false, minimize: false },
);

resourceSchema.index(
  { provider: 1, account: 1, kind: 1, providerId: 1 },
  { unique: true, name: RESOURCE_IDENTITY_INDEX },
);
// Stale marking and the stale listing.
resourceSchema.index({ provider: 1, account: 1, kind: 1, stale: 1 });
resourceSchema.index({ name: 1 });

/** `digitalocean:droplet:123` in the default account, `digitalocean@staging:droplet:123` in another. */
export function resourceKey(kind: string, providerId: string, account: string = DEFAULT_ACCOUNT): string {
  return `${accountKeyPrefix(account)}:${kind}:${providerId}`;
}

export type ResourceDoc = InferSchemaType<typeof resourceSchema>;
export const Resource = mongoose.model('Resource', resourceSchema);
