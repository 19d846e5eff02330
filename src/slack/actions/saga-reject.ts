import { rejectSaga } from '../../saga/saga-service.js';
import { approvalDecidedMessage, SAGA_ACTIONS } from '../blocks/provision.js';
import { sagaView } from '../saga-view.js';
import { actionHandler, onMessage } from './action-handler.js';
import { decideOnce } from './decide-once.js';

/** Reject on a provisioning request: the saga ends `rejected`, nothing is created, the request says who rejected it. */
export const sagaReject = actionHandler({
  actionId: SAGA_ACTIONS.reject,
  audience: 'admin',
  does: 'reject provisioning',
  async handle(click, deps) {
    const where = onMessage(click);
    const saga = await decideOnce(deps, `saga-approval-${click.value}`, `the approval of saga ${click.value}`, () => rejectSaga(click.value, click.userId));
    deps.log.info({ sagaId: saga.sagaId, by: click.userId }, 'saga rejected from Slack');
    const message = approvalDecidedMessage(sagaView(saga), { approved: false, by: click.userId, at: deps.now() });
    await deps.outbox.send({ channel: where.channelId, updateTs: where.ts, ...message, label: 'saga-rejected' });
  },
});
