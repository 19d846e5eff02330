import { approveSaga } from '../../saga/saga-service.js';
import { approvalDecidedMessage, SAGA_ACTIONS } from '../blocks/provision.js';
import { sagaView } from '../saga-view.js';
import { actionHandler, onMessage } from './action-handler.js';
import { decideOnce } from './decide-once.js';

/** Approve on a provisioning request: the saga starts, the request is updated to say who approved, progress goes to its thread. */
export const sagaApprove = actionHandler({
  actionId: SAGA_ACTIONS.approve,
  audience: 'admin',
  does: 'approve provisioning',
  async handle(click, deps) {
    const where = onMessage(click);
    // Approves once: a second click (or a click after a reject) finds the saga no longer pending and is told so.
    const saga = await decideOnce(deps, `saga-approval-${click.value}`, `the approval of saga ${click.value}`, () => approveSaga(click.value, click.userId, { queue: deps.provision.queue }, { channel: where.channelId, messageTs: where.ts }));
    deps.log.info({ sagaId: saga.sagaId, by: click.userId }, 'saga approved from Slack');
    const message = approvalDecidedMessage(sagaView(saga), { approved: true, by: click.userId, at: deps.now() });
    await deps.outbox.send({ channel: where.channelId, updateTs: where.ts, ...message, label: 'saga-approved' });
  },
});
