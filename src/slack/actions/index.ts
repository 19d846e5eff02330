import type { App, BlockAction } from '@slack/bolt';
import { explainError } from '../../errors.js';
import { noticeMessage } from '../blocks/index.js';
import type { ActionDeps, ActionHandler, Click } from './action-handler.js';
import { deprovisionCancel } from './deprovision-cancel.js';
import { deprovisionConfirm } from './deprovision-confirm.js';
import { sagaApprove } from './saga-approve.js';
import { sagaReject } from './saga-reject.js';

export type { ActionDeps, ActionHandler, Click } from './action-handler.js';

/** Every button Arcadia handles; one line per handler. */
export const ACTION_HANDLERS: readonly ActionHandler[] = [sagaApprove, sagaReject, deprovisionConfirm, deprovisionCancel];

/** The click's fields: which element, whose click, and the message it was on (none for a click in a view). */
export function clickOf(body: BlockAction): Click | undefined {
  const action = body.actions[0];
  if (!action) return undefined;
  const channelId = body.channel?.id ?? (body.container?.channel_id as string | undefined);
  const ts = body.message?.ts ?? (body.container?.message_ts as string | undefined);
  const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
  const message = channelId && ts ? { channelId, ts, ephemeral: body.container?.is_ephemeral === true } : undefined;
  return { actionId: action.action_id, value, userId: body.user.id, message };
}

/** A click on a message is answered ephemerally in its channel; one in a view (the Home tab) in the clicker's DM with Arcadia. */
function answer(click: Click, sentence: string, label: string) {
  const where = click.message ? { channel: click.message.channelId, ephemeralUser: click.userId } : { channel: click.userId };
  return { ...where, ...noticeMessage(sentence), label };
}

/**
 * Registers every handler on `block_actions` (HTTP on /slack/events, or Socket Mode alike; Bolt has
 * checked the signature and timestamp before any of this runs). Each click is acked before any I/O,
 * well inside Slack's 3 seconds; the permission check and the work come after.
 */
export function registerActions(app: App, deps: ActionDeps): void {
  for (const handler of ACTION_HANDLERS) {
    app.action<BlockAction>({ type: 'block_actions', action_id: handler.actionId }, async ({ ack, ...bolt }) => {
      await ack();
      const { body } = bolt;
      const click = clickOf(body);
      if (!click) return;
      const tell = (sentence: string, label: string) => deps.outbox.send(answer(click, sentence, label));

      const refusal = deps.access.mayClick(handler.audience, click.userId, handler.does);
      if (refusal) {
        deps.log.info({ actionId: click.actionId, user: click.userId, value: click.value }, 'button click refused');
        return tell(refusal, 'action-refused');
      }
      try {
        await handler.handle(click, deps, bolt);
      } catch (err) {
        await tell(explainError(err, deps.log, `Sorry, that click failed`, { actionId: click.actionId, value: click.value }).sentence, 'action-failed');
      }
    });
  }
}
