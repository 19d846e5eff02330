import { budgetGateFor } from '../budget/provision-gate.js';
import { randomBytes } from 'node:crypto';
import { isAbsolute } from 'node:path';
import type { Queue } from 'bullmq';
import type { Config } from '../config.js';
import type { DoClient } from '../digitalocean/client.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { repoPath } from '../repo-path.js';
import { Saga, type SagaAuditAction, type SagaDoc, type SagaStatus } from '../../models/saga.js';
import { actorNow, type Actor } from '../../models/audit.js';
import type { ProvisionJob } from '../../jobs/queues.js';
import { enqueueSaga, phaseJobId } from '../../jobs/enqueue-saga.js';
import { loadBlueprint, planSteps } from './blueprint.js';
import { SagaNotFoundError, SagaStateError } from './errors.js';
import { preflight } from './preflight.js';
import { keepWithinTenantCap } from './spend-caps.js';
import { sagaAudit, type SagaAuditEntry } from './saga-audit.js';

export interface SagaServiceDeps {
  config: Config;
  /** The client of the DO team the saga creates in (its quote's prices come from it). */
  client: DoClient;
  queue: Queue<ProvisionJob>;
}

export interface ProvisionRequest {
  blueprint: string;
  tenant: string;
  params: Record<string, string>;
  requestedBy: string;
  /** The DO team to create in: `deps.client` is its client. @defaultValue DEFAULT_ACCOUNT */
  account?: string;
  slack?: { channel: string; messageTs?: string };
}

/** A saga as `arcadia provision --json` and `arcadia saga show --json` print it. */
export interface SagaReport {
  id: string;
  blueprint: string;
  tenant: string;
  status: SagaStatus;
  steps: { name: string; status: string; kind: string; providerId: string | null }[];
  error: string | null;
  /** Who requested, approved, rejected or tore it down, when and from where. */
  audit: SagaAuditEntry[];
}

export function blueprintsDir(config: Pick<Config, 'ARCADIA_BLUEPRINTS_DIR'>): string {
  const dir = config.ARCADIA_BLUEPRINTS_DIR;
  return isAbsolute(dir) ? dir : repoPath(dir);
}

/**
 * Plans, preflights and quotes a provision and stores it awaiting approval. A plan that fails its
 * preflight (src/saga/preflight.ts) is refused with every problem, having written nothing to DO and
 * stored nothing, so no approval request is ever posted for it.
 */
export async function createSaga(request: ProvisionRequest, deps: SagaServiceDeps): Promise<SagaDoc> {
  const bp = await loadBlueprint(blueprintsDir(deps.config), request.blueprint);
  // The steps are stored filled in: a resumed or deprovisioned saga keeps the prefix it was planned with.
  const { params, steps } = planSteps(
    bp,
    { ...request.params, tenant: request.tenant },
    { tenant_tag_prefix: deps.config.ARCADIA_TENANT_TAG_PREFIX },
  );
  const quote = await preflight({ blueprint: bp.name, tenant: request.tenant, steps }, deps);
  const now = new Date();
  const doc = await Saga.create({
    sagaId: randomBytes(5).toString('hex'),
    blueprint: bp.name,
    tenant: request.tenant,
    account: request.account ?? DEFAULT_ACCOUNT,
    params,
    status: 'pending_approval',
    requestedBy: request.requestedBy,
    quoteCents: quote.totalCents,
    quoteLines: quote.lines,
    budgetGate: await budgetGateFor(request.tenant, quote.totalCents, now),
    steps: steps.map((spec) => ({ name: spec.id, kind: spec.kind, spec, status: 'pending' })),
    slack: request.slack ?? null,
    audit: [{ action: 'requested', ...actorNow(request.requestedBy, 'slash_command', now) }],
    createdAt: now,
    updatedAt: now,
  });
  const saga = doc.toObject() as SagaDoc;
  await keepWithinTenantCap(saga, deps.config);
  return saga;
}

export async function getSaga(sagaId: string): Promise<SagaDoc> {
  const saga = await Saga.findOne({ sagaId }).lean<SagaDoc>();
  if (!saga) throw new SagaNotFoundError(sagaId);
  return saga;
}

export async function listSagas(limit = 50): Promise<SagaDoc[]> {
  return Saga.find({}).sort({ createdAt: -1 }).limit(limit).lean<SagaDoc[]>();
}

/**
 * Moves a saga from one status to the next only if it is still in the first: two clicks approve once.
 * The person who moved it is added to its audit trail in the same write.
 */
async function transition(
  sagaId: string,
  from: SagaStatus,
  to: SagaStatus,
  set: Record<string, unknown>,
  wanted: string,
  audit: { action: SagaAuditAction } & Actor,
): Promise<SagaDoc> {
  const updated = await Saga.findOneAndUpdate(
    { sagaId, status: from },
    { $set: { status: to, updatedAt: new Date(), ...set }, $push: { audit } },
    { new: true },
  ).lean<SagaDoc>();
  if (updated) return updated;
  const current = await getSaga(sagaId);
  throw new SagaStateError(sagaId, current.status, wanted);
}

/**
 * Approves a pending saga and queues its job. The status is committed first: should the job not be
 * queued (Redis unreachable), the saga is `running` with no job, and a worker re-drives it
 * (jobs/redrive-sagas.ts) under the job id stored here.
 */
export async function approveSaga(
  sagaId: string,
  by: string,
  deps: Pick<SagaServiceDeps, 'queue'>,
  slack?: SagaDoc['slack'],
): Promise<SagaDoc> {
  const at = new Date();
  const set = { approvedBy: by, decidedAt: at, jobId: phaseJobId(sagaId, 'running'), ...(slack ? { slack } : {}) };
  const saga = await transition(sagaId, 'pending_approval', 'running', set, 'approved', {
    action: 'approved',
    ...actorNow(by, 'button', at),
  });
  await enqueueSaga(deps.queue, saga);
  return saga;
}

/**
 * Keeps one of a budget-gated saga's two approvals while it waits for the other (decide-saga.ts):
 * only on a pending saga, and only the role not yet given.
 */
export async function recordGatedApproval(sagaId: string, role: 'admin' | 'finance', by: string): Promise<SagaDoc> {
  const field = role === 'admin' ? 'adminApprovedBy' : 'financeApprovedBy';
  const updated = await Saga.findOneAndUpdate(
    { sagaId, status: 'pending_approval', [field]: null },
    { $set: { [field]: by, updatedAt: new Date() } },
    { new: true },
  ).lean<SagaDoc>();
  if (updated) return updated;
  const current = await getSaga(sagaId);
  throw new SagaStateError(sagaId, current.status, `approved by ${role === 'admin' ? 'an admin' : 'finance'} again`);
}

export async function rejectSaga(sagaId: string, by: string, slack?: SagaDoc['slack']): Promise<SagaDoc> {
  const at = new Date();
  const set = { rejectedBy: by, decidedAt: at, finishedAt: at, ...(slack ? { slack } : {}) };
  return transition(sagaId, 'pending_approval', 'rejected', set, 'rejected', {
    action: 'rejected',
    ...actorNow(by, 'button', at),
  });
}

/** Tears down what a succeeded saga made, in reverse, with the same guarantees as compensation. */
export async function deprovisionSaga(
  sagaId: string,
  by: string,
  deps: Pick<SagaServiceDeps, 'queue'>,
  slack?: SagaDoc['slack'],
): Promise<SagaDoc> {
  // From Slack, the teardown's progress goes to the confirmation message's thread.
  const set = {
    deprovisionedBy: by,
    finishedAt: null,
    jobId: phaseJobId(sagaId, 'deprovisioning'),
    ...(slack ? { slack } : {}),
  };
  const saga = await transition(
    sagaId,
    'succeeded',
    'deprovisioning',
    set,
    'deprovisioned (only a succeeded saga can be)',
    { action: 'teardown', ...actorNow(by, 'button') },
  );
  await enqueueSaga(deps.queue, saga);
  return saga;
}

export function sagaReport(saga: SagaDoc): SagaReport {
  return {
    id: saga.sagaId,
    blueprint: saga.blueprint,
    tenant: saga.tenant,
    // Compensation and teardown are still the saga running; its steps say which way.
    status: saga.status === 'compensating' || saga.status === 'deprovisioning' ? 'running' : saga.status,
    steps: saga.steps.map((s) => ({ name: s.name, status: s.status, kind: s.kind, providerId: s.providerId ?? null })),
    error: saga.error ?? null,
    audit: sagaAudit(saga),
  };
}

export const TERMINAL_STATUSES: readonly SagaStatus[] = [
  'succeeded',
  'compensated',
  'failed',
  'rejected',
  'deprovisioned',
];
