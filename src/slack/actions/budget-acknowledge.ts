import { actorNow } from '../../../models/audit.js';
import { acknowledgeAlert } from '../../budget/budget-store.js';
import { parseBudgetAlertValue } from '../../budget/budget-terms.js';
import { fallbackText, type Block } from '../blocks/message.js';
import { ACTION_IDS } from '../blocks/action-ids.js';
import { context } from '../blocks/limits.js';
import { actionHandler, onMessage } from './action-handler.js';

/**
 * Acknowledge on a budget alert: who acknowledged which alert (month, threshold) and when is stored on
 * the budget (`arcadia budget list` shows it); the message says who saw it, in place, and drops the button; Raise
 * budget and Show resources stay. The alert itself is not sent again either way: the re-alert rule
 * (a higher threshold, a day moved) decides that.
 */
export const budgetAcknowledge = actionHandler({
  action: 'budgetAcknowledge',
  does: 'act on budget alerts',
  async handle(click, deps, bolt) {
    const message = onMessage(click);
    const { scope, name, period, thresholdPct } = parseBudgetAlertValue(click.value);
    const actor = actorNow(click.userId, 'button', deps.now());
    const stored = await acknowledgeAlert(scope, name, { period, thresholdPct }, actor);
    // A budget removed since the alert: nothing to record it on, but the message still says who saw it.
    if (!stored) deps.log.warn({ budget: click.value }, 'acknowledged an alert of a budget that is gone');
    const blocks = ((bolt.body.message?.blocks ?? []) as Block[]).map((b) =>
      b.type === 'actions'
        ? { ...b, elements: b.elements.filter((e) => e.action_id !== ACTION_IDS.budgetAcknowledge) }
        : b,
    );
    blocks.push(
      context(`:white_check_mark: Acknowledged by <@${click.userId}> on ${actor.at.toISOString().slice(0, 10)}`),
    );
    await deps.outbox.send({
      target: { to: 'update', channel: message.channelId, ts: message.ts },
      text: fallbackText(`Budget alert acknowledged by ${click.userId}`),
      blocks,
      label: 'budget-acknowledged',
    });
    deps.log.info(
      { budget: click.value, user: click.userId, thresholdPct: stored?.thresholdPct },
      'budget alert acknowledged',
    );
  },
});
