import { DEFAULT_ACCOUNT } from '../src/digitalocean/accounts.js';
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { actorFields } from './audit.js';

export const SAGA_STATUSES = [
  'pending_approval',
  'rejected',
  'running',
  'compensating',
  'succeeded',
  'compensated',
  'failed',
  'deprovisioning',
  'deprovisioned',
] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];

/** `left_alone`: undo found what the step made no longer the saga's (see StepKind.disowned) and did not touch it. */
export const STEP_STATUSES = [
  'pending',
  'running',
  'done',
  'failed',
  'compensated',
  'compensation_failed',
  'removed',
  'left_alone',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

const stepSchema = new Schema(
  {
    /** The blueprint resource id, e.g. `droplet`, `dns`. */
    name: { type: String, required: true },
    kind: { type: String, required: true },
    /** The blueprint resource with its parameters filled in. */
    spec: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: STEP_STATUSES, default: 'pending' },
    /** What DO knows it by (droplet id, volume uuid, IP, record id, firewall or project id). */
    providerId: { type: String, default: null },
    /** Everything the step created or changed, kept as it learns it so a crash loses none of it. */
    output: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { _id: false },
);

/** What a person did to a saga; `teardown` is confirming its deprovisioning. */
export const SAGA_AUDIT_ACTIONS = ['requested', 'approved', 'rejected', 'teardown'] as const;
export type SagaAuditAction = (typeof SAGA_AUDIT_ACTIONS)[number];

const auditSchema = new Schema(
  { action: { type: String, enum: SAGA_AUDIT_ACTIONS, required: true }, ...actorFields },
  { _id: false },
);

/** One provisioning saga: the request, who approved it, each step's state and DO ids. */
const sagaSchema = new Schema(
  {
    sagaId: { type: String, required: true },
    blueprint: { type: String, required: true },
    tenant: { type: String, required: true },
    /** The DO team it creates in (src/digitalocean/accounts.ts). */
    account: { type: String, required: true, default: DEFAULT_ACCOUNT },
    params: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: SAGA_STATUSES, required: true },
    requestedBy: { type: String, required: true },
    approvedBy: { type: String, default: null },
    rejectedBy: { type: String, default: null },
    /** When it was approved or rejected, from Slack or the command line: the request message says it. */
    decidedAt: { type: Date, default: null },
    deprovisionedBy: { type: String, default: null },
    /** Who requested, approved, rejected or tore it down, when and from where, in order. Absent on sagas stored before it was kept. */
    audit: { type: [auditSchema], default: undefined },
    quoteCents: { type: Number, required: true },
    /**
     * Set when the quote would push the tenant's forecast past its budget (src/budget/provision-gate.ts):
     * a finance user's approval is needed besides an admin's. Integer cents.
     */
    budgetGate: {
      type: new Schema(
        { period: String, budgetCents: Number, forecastCents: Number, addedCents: Number },
        { _id: false },
      ),
      default: null,
    },
    /** A budget-gated saga's two approvals, each kept while it waits for the other. */
    adminApprovedBy: { type: String, default: null },
    financeApprovedBy: { type: String, default: null },
    quoteLines: { type: [{ label: String, cents: Number }], default: [] },
    steps: { type: [stepSchema], default: [] },
    error: { type: String, default: null },
    /** What could not be cleaned up (the saga ends `failed`) or was left alone as no longer the saga's, with DO ids and why. */
    leftovers: { type: [{ step: String, kind: String, providerId: String, what: String }], default: [] },
    /**
     * Where the approval message is: recorded once the outbox has posted it (or taken from the click),
     * so a decision made anywhere updates it and progress goes to its thread.
     */
    slack: { type: { channel: String, messageTs: String }, default: null },
    /**
     * The job driving the current phase (null on sagas stored before it was kept: their job id is
     * derived, see sagaJobId). A saga whose job ended with the saga unfinished is re-driven under a
     * fresh id, counted by `redrives` (jobs/redrive-sagas.ts).
     */
    jobId: { type: String, default: null },
    redrives: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'sagas', versionKey: false },
);

sagaSchema.index({ sagaId: 1 }, { unique: true });
sagaSchema.index({ createdAt: -1 });

export type SagaDoc = InferSchemaType<typeof sagaSchema>;
export type SagaStep = SagaDoc['steps'][number];
export const Saga = mongoose.model('Saga', sagaSchema);
