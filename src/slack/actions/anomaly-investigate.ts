import { actionHandler } from './action-handler.js';
import { ANOMALY_DOES, anomalyHandler } from './anomaly-action.js';
import { shortDay } from '../../anomaly/days.js';
import { escapeMrkdwn } from '../blocks/mrkdwn.js';

/**
 * Investigate (users_select): assigns the anomaly and tells the assignee in a direct message,
 * through the outbox, who asked them to look at what.
 */
export const anomalyInvestigate = actionHandler({
  action: 'anomalyInvestigate',
  does: ANOMALY_DOES,
  handle: anomalyHandler(
    (action) =>
      action.type === 'users_select' && action.selected_user
        ? { decision: 'investigating', assignee: action.selected_user }
        : null,
    async ({ body }, a, deps) => {
      if (!a.assignee || a.assignee === a.decidedBy) return;
      const what = `${a.tenant ?? 'the account'}'s ${a.product} (${a.sku}) on ${shortDay(a.day)}`;
      const channel = body.channel?.id;
      const text = `<@${a.decidedBy}> asked you to investigate a spend anomaly: ${escapeMrkdwn(what)}${channel ? ` in <#${channel}>` : ''}.`;
      // One message per assignment, however often the click is delivered.
      await deps.outbox.send(
        {
          text,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
          target: { to: 'channel', channel: a.assignee },
          label: 'anomaly-assigned',
        },
        {
          id: `anomaly-assigned-${a.assignee}-${a.decidedAt?.getTime() ?? 0}-${a._id}`
            .replace(/[:|]/g, '_')
            .slice(0, 200),
        },
      );
    },
  ),
});
