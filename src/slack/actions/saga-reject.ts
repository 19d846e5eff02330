import { decideSaga } from '../../saga/decide-saga.js';
import { clickApprovalDeps } from '../approval-request.js';
import { actionHandler, onMessage } from './action-handler.js';

/** Reject on a provisioning request: the saga ends `rejected`, nothing is created, the request says who rejected it. */
export const sagaReject = actionHandler({
  action: 'sagaReject',
  audience: 'admin',
  does: 'reject provisioning',
  async handle(click, deps) {
    const where = onMessage(click);
    const saga = await decideSaga(
      click.value,
      { approve: false, by: click.userId, slack: { channel: where.channelId, messageTs: where.ts } },
      clickApprovalDeps(deps),
    );
    deps.log.info({ sagaId: saga.sagaId, by: click.userId }, 'saga rejected from Slack');
  },
});
