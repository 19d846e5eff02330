import { deprovisionSaga } from '../../saga/saga-service.js';
import { deprovisionDecidedMessage } from '../blocks/provision.js';
import { sagaView } from '../saga-view.js';
import { actionHandler, onMessage } from './action-handler.js';
import { decideOnce } from '../../saga/decide-once.js';

/**
 * Tear down on a `/cloud deprovision` confirmation: the teardown starts, with progress in the thread
 * the confirmation is in (the saga's own), or under the confirmation when it is in none.
 */
export const deprovisionConfirm = actionHandler({
  action: 'sagaDeprovision',
  does: 'tear down a provisioned stack',
  async handle(click, deps) {
    const where = onMessage(click);
    const saga = await decideOnce(deps, `saga-teardown-${click.value}`, `the teardown of saga ${click.value}`, () =>
      deprovisionSaga(
        click.value,
        click.userId,
        { queue: deps.provision.queue },
        { channel: where.channelId, messageTs: where.threadTs ?? where.ts },
      ),
    );
    deps.log.info({ sagaId: saga.sagaId, by: click.userId }, 'saga teardown confirmed from Slack');
    const message = deprovisionDecidedMessage(sagaView(saga), { confirmed: true, by: click.userId, at: deps.now() });
    await deps.outbox.send({
      target: { to: 'update', channel: where.channelId, ts: where.ts },
      ...message,
      label: 'saga-deprovision-confirmed',
    });
  },
});
