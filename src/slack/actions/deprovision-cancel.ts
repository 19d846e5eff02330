import { SagaStateError } from '../../saga/errors.js';
import { getSaga } from '../../saga/saga-service.js';
import { deprovisionDecidedMessage } from '../blocks/provision.js';
import { sagaView } from '../saga-view.js';
import { actionHandler, onMessage } from './action-handler.js';
import { decideOnce } from '../../saga/decide-once.js';

/** Cancel on a `/cloud deprovision` confirmation: nothing is removed; the message says who cancelled. */
export const deprovisionCancel = actionHandler({
  action: 'sagaDeprovisionCancel',
  does: 'cancel a teardown',
  async handle(click, deps) {
    const where = onMessage(click);
    const saga = await decideOnce(
      deps,
      `saga-teardown-${click.value}`,
      `the teardown of saga ${click.value}`,
      async () => {
        const current = await getSaga(click.value);
        // A click that arrives after the teardown was confirmed must not claim it was cancelled.
        if (current.status !== 'succeeded')
          throw new SagaStateError(current.sagaId, current.status, 'left as it is (its teardown already started)');
        return current;
      },
    );
    const message = deprovisionDecidedMessage(sagaView(saga), { confirmed: false, by: click.userId, at: deps.now() });
    await deps.outbox.send({
      target: { to: 'update', channel: where.channelId, ts: where.ts },
      ...message,
      label: 'saga-deprovision-cancelled',
    });
  },
});
