import { fallbackText, type Block } from '../blocks/message.js';
import { ACTION_IDS } from '../blocks/action-ids.js';
import { context } from '../blocks/limits.js';
import { actionHandler, onMessage } from './action-handler.js';

/**
 * Acknowledge on a budget alert: the message says who saw it, in place, and drops the button; Raise
 * budget and Show resources stay. The alert itself is not sent again either way: the re-alert rule
 * (a higher threshold, a day moved) decides that.
 */
export const budgetAcknowledge = actionHandler({
  action: 'budgetAcknowledge',
  does: 'act on budget alerts',
  async handle(click, deps, bolt) {
    const message = onMessage(click);
    const blocks = ((bolt.body.message?.blocks ?? []) as Block[]).map((b) =>
      b.type === 'actions'
        ? { ...b, elements: b.elements.filter((e) => e.action_id !== ACTION_IDS.budgetAcknowledge) }
        : b,
    );
    blocks.push(
      context(`:white_check_mark: Acknowledged by <@${click.userId}> on ${deps.now().toISOString().slice(0, 10)}`),
    );
    await deps.outbox.send({
      target: { to: 'update', channel: message.channelId, ts: message.ts },
      text: fallbackText(`Budget alert acknowledged by ${click.userId}`),
      blocks,
      label: 'budget-acknowledged',
    });
    deps.log.info({ budget: click.value, user: click.userId }, 'budget alert acknowledged');
  },
});
