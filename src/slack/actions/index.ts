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

/** The click's fields, or undefined for a payload without a message (a button in a modal, which no handler uses yet). */
export function clickOf(body: BlockAction): Click | undefined {
  const action = body.actions[0];
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const messageTs = body.message?.ts ?? body.container?.message_ts;
  if (!action || !channelId || !messageTs) return undefined;
  const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
  return { actionId: action.action_id, value, userId: body.user.id, channelId, messageTs };
}

/**
 * Registers every handler on `block_actions` (HTTP on /slack/events, or Socket Mode alike; Bolt has
 * checked the signature and timestamp before any of this runs). Each click is acked before any I/O,
 * well inside Slack's 3 seconds; the permission check and the work come after.
 */
export function registerActions(app: App, deps: ActionDeps): void {
  for (const handler of ACTION_HANDLERS) {
    app.action<BlockAction>({ type: 'block_actions', action_id: handler.actionId }, async ({ ack, body }) => {
      await ack();
      const click = clickOf(body);
      if (!click) return void deps.log.warn({ actionId: body.actions[0]?.action_id }, 'button click without a message; ignored');
      const tell = (sentence: string, label: string) =>
        deps.outbox.send({ channel: click.channelId, ephemeralUser: click.userId, ...noticeMessage(sentence), label });

      const refusal = deps.access.mayClick(handler.audience, click.userId, handler.does);
      if (refusal) {
        deps.log.info({ actionId: click.actionId, user: click.userId, value: click.value }, 'button click refused');
        return tell(refusal, 'action-refused');
      }
      try {
        await handler.handle(click, deps);
      } catch (err) {
        await tell(explainError(err, deps.log, `Sorry, that click failed`, { actionId: click.actionId, value: click.value }).sentence, 'action-failed');
      }
    });
  }
}
