import { decideSaga } from '../../saga/decide-saga.js';
import { clickApprovalDeps } from '../approval-request.js';
import { actionHandler, onMessage } from './action-handler.js';

/** Approve on a provisioning request: the saga starts, the request is updated to say who approved, progress goes to its thread. */
export const sagaApprove = actionHandler({
  action: 'sagaApprove',
  audience: 'admin',
  does: 'approve provisioning',
  async handle(click, deps) {
    const where = onMessage(click);
    // Approves once: a second click (or a click after a reject, or after the command line decided) is told so.
    const saga = await decideSaga(
      click.value,
      { approve: true, by: click.userId, slack: { channel: where.channelId, messageTs: where.ts } },
      clickApprovalDeps(deps),
    );
    deps.log.info({ sagaId: saga.sagaId, by: click.userId }, 'saga approved from Slack');
  },
});
