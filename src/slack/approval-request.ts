import { Saga, type SagaDoc } from '../../models/saga.js';
import { decideOnce } from '../saga/decide-once.js';
import { decideSaga, sagaDecisionClaim, type SagaDecisionDeps } from '../saga/decide-saga.js';
import { approvalDecidedMessage, approvalRequestMessage } from './blocks/provision.js';
import { onMessage, type ActionDeps, type Click } from './actions/action-handler.js';
import type { SlackOutbox } from '../outbox/producer.js';
import type { PostedRecorder } from './outbox/delivery.js';
import { sagaView } from './saga-view.js';

/** The name approval requests give their outbox `record`, and the worker its recorder. */
export const APPROVAL_REQUEST_RECORDER = 'saga-approval';

/**
 * Approve or Reject clicked on a provisioning request: decides once (a second click, a click after
 * the other decision or after the command line decided, is told so) and logs who decided.
 */
export async function decideFromClick(click: Click, deps: ActionDeps, approve: boolean): Promise<void> {
  const where = onMessage(click);
  const saga = await decideSaga(
    click.value,
    { approve, by: click.userId, slack: { channel: where.channelId, messageTs: where.ts } },
    clickApprovalDeps(deps),
  );
  deps.log.info(
    { sagaId: saga.sagaId, by: click.userId },
    approve ? 'saga approved from Slack' : 'saga rejected from Slack',
  );
}

/** What a button's decision needs, from its handler's dependencies. */
function clickApprovalDeps(deps: ActionDeps): SagaDecisionDeps {
  return {
    redis: deps.redis,
    prefix: deps.prefix,
    queue: deps.provision.queue,
    config: deps.config,
    announce: approvalAnnouncer(deps.outbox),
  };
}

/**
 * Replaces a decided saga's approval request with who decided and when, buttons gone. A request not
 * posted yet has no ts: its recorder shows the decision once it is. The outbox id sends it once
 * however many paths get here.
 */
export function approvalAnnouncer(outbox: SlackOutbox): (saga: SagaDoc) => Promise<void> {
  return async (saga) => {
    const by = saga.rejectedBy ?? saga.approvedBy;
    const where = saga.slack;
    // A budget-gated saga with one of its two approvals: the request, still open, says who gave it.
    if (saga.status === 'pending_approval' && saga.budgetGate && where?.channel && where.messageTs) {
      const given = `${saga.adminApprovedBy ? 'a' : ''}${saga.financeApprovedBy ? 'f' : ''}`;
      if (!given) return;
      await outbox.send(
        {
          target: { to: 'update', channel: where.channel, ts: where.messageTs },
          ...approvalRequestMessage(sagaView(saga)),
          label: 'saga-half-approved',
        },
        { id: `saga-${saga.sagaId}-approved-${given}` },
      );
      return;
    }
    if (!by || !where?.channel || !where.messageTs) return;
    const approved = !saga.rejectedBy;
    const message = approvalDecidedMessage(sagaView(saga), { approved, by, at: saga.decidedAt ?? saga.updatedAt });
    await outbox.send(
      {
        target: { to: 'update', channel: where.channel, ts: where.messageTs },
        ...message,
        label: approved ? 'saga-approved' : 'saga-rejected',
      },
      { id: `saga-${saga.sagaId}-decided` },
    );
  };
}

/**
 * Records where an approval request was posted, once the outbox has posted it, so a decision made
 * anywhere can update it and progress goes to its thread. Under the decisions' claim: a decision
 * stored meanwhile (from the command line, before the post went out) is shown at once; a decision
 * under way makes this throw, and the outbox retries it alone.
 */
export function approvalRequestRecorder(
  deps: Pick<SagaDecisionDeps, 'redis' | 'prefix'> & { outbox: SlackOutbox },
): PostedRecorder {
  const announce = approvalAnnouncer(deps.outbox);
  return async (sagaId, where) => {
    const saga = await decideOnce(deps, ...sagaDecisionClaim(sagaId), () =>
      Saga.findOneAndUpdate(
        { sagaId },
        { $set: { slack: { channel: where.channel, messageTs: where.ts } } },
        { new: true },
      ).lean<SagaDoc>(),
    );
    if (saga) await announce(saga);
  };
}
