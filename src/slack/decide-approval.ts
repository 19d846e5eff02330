import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { CLI_USER } from '../../models/audit.js';
import { Saga, type SagaDoc } from '../../models/saga.js';
import type { ProvisionJob } from '../../jobs/queues.js';
import { SelfApprovalError } from '../saga/errors.js';
import { approveSaga, getSaga, rejectSaga } from '../saga/saga-service.js';
import { decideOnce } from './actions/decide-once.js';
import { approvalDecidedMessage } from './blocks/provision.js';
import type { ActionDeps } from './actions/action-handler.js';
import type { SlackOutbox } from '../outbox/producer.js';
import type { PostedRecorder } from './outbox/delivery.js';
import { sagaView } from './saga-view.js';

export interface ApprovalDeps {
  redis: Redis;
  prefix: string;
  queue: Queue<ProvisionJob>;
  outbox: SlackOutbox;
  /** Who may approve: the admins, and whether a requester may approve their own saga. */
  config: Pick<Config, 'ARCADIA_ADMIN_USERS' | 'ARCADIA_PROVISION_SELF_APPROVAL'>;
}

export interface ApprovalDecision {
  approve: boolean;
  /** A Slack user id, or `cli` for the command line. */
  by: string;
  /** The request message the decision was clicked on, when it was. */
  slack?: { channel: string; messageTs: string };
}

/** What a button's decision needs, from its handler's dependencies. */
export function clickApprovalDeps(deps: ActionDeps): ApprovalDeps {
  return { redis: deps.redis, prefix: deps.prefix, queue: deps.provision.queue, outbox: deps.outbox, config: deps.config };
}

/** The name approval requests give their outbox `record`, and the worker its recorder. */
export const APPROVAL_REQUEST_RECORDER = 'saga-approval';

/** How long a decision waits for the claim another holder has (a recorder's hold is milliseconds). */
const DECISION_WAIT_MS = 3_000;

/** Buttons, the command line and the request's recorder take the same claim, so they are ordered one after another. */
const claim = (sagaId: string) => [`saga-approval-${sagaId}`, `the approval of saga ${sagaId}`] as const;

/**
 * Approves or rejects a saga, from a button or the command line alike, and updates its approval
 * request in Slack to say so. Only the first of racing decisions gets through (the claim, then the
 * saga's status), so only it updates the message.
 */
export async function decideApproval(sagaId: string, decision: ApprovalDecision, deps: ApprovalDeps): Promise<SagaDoc> {
  // The request's recorder holds the claim for a moment once the request is posted: a decision
  // arriving then waits for it rather than being turned away; a racing decision still loses, to the
  // saga's status once the claim is free.
  const saga = await decideOnce(
    deps,
    ...claim(sagaId),
    async () => {
      if (!decision.approve) return rejectSaga(sagaId, decision.by, decision.slack);
      await checkSeparationOfDuties(sagaId, decision.by, deps.config);
      return approveSaga(sagaId, decision.by, { queue: deps.queue }, decision.slack);
    },
    { waitMs: DECISION_WAIT_MS },
  );
  await showDecision(saga, deps.outbox);
  return saga;
}

/**
 * Refuses the requester's own approval from Slack (by default): two people see every stack that is
 * paid for. The command line is an operator with shell access and decides as it always has; a
 * requester may still reject (withdraw) their own request.
 */
async function checkSeparationOfDuties(sagaId: string, by: string, config: ApprovalDeps['config']): Promise<void> {
  if (by === CLI_USER || config.ARCADIA_PROVISION_SELF_APPROVAL) return;
  const { requestedBy } = await getSaga(sagaId);
  if (requestedBy !== by) return;
  throw new SelfApprovalError(sagaId, requestedBy, config.ARCADIA_ADMIN_USERS.filter((id) => id !== by));
}

/**
 * Replaces a decided saga's approval request with who decided and when, buttons gone. A request not
 * posted yet has no ts: its recorder shows the decision once it is. The outbox id sends it once
 * however many paths get here.
 */
async function showDecision(saga: SagaDoc, outbox: SlackOutbox): Promise<void> {
  const by = saga.rejectedBy ?? saga.approvedBy;
  const where = saga.slack;
  if (!by || !where?.channel || !where.messageTs) return;
  const approved = !saga.rejectedBy;
  const message = approvalDecidedMessage(sagaView(saga), { approved, by, at: saga.decidedAt ?? saga.updatedAt });
  await outbox.send({ target: { to: 'update', channel: where.channel, ts: where.messageTs }, ...message, label: approved ? 'saga-approved' : 'saga-rejected' }, { id: `saga-${saga.sagaId}-decided` });
}

/**
 * Records where an approval request was posted, once the outbox has posted it, so a decision made
 * anywhere can update it and progress goes to its thread. Under the decisions' claim: a decision
 * stored meanwhile (from the command line, before the post went out) is shown at once; a decision
 * under way makes this throw, and the outbox retries it alone.
 */
export function approvalRequestRecorder(deps: Pick<ApprovalDeps, 'redis' | 'prefix' | 'outbox'>): PostedRecorder {
  return async (sagaId, where) => {
    const saga = await decideOnce(deps, ...claim(sagaId), () =>
      Saga.findOneAndUpdate({ sagaId }, { $set: { slack: { channel: where.channel, messageTs: where.ts } } }, { new: true }).lean<SagaDoc>(),
    );
    if (saga) await showDecision(saga, deps.outbox);
  };
}
