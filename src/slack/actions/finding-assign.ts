import { actionHandler } from './action-handler.js';
import { FINDING_AUDIENCE, FINDING_DOES, findingHandler } from './finding-action.js';

/**
 * Assign to… (users_select): records the assignee and mentions them in the message's thread, so
 * Slack tells them.
 */
export const findingAssign = actionHandler({
  action: 'findingAssign',
  audience: FINDING_AUDIENCE,
  does: FINDING_DOES,
  handle: findingHandler(
    ({ userId, at, action }) =>
      action.type === 'users_select' && action.selected_user
        ? { type: 'assign', by: userId, at, assignee: action.selected_user }
        : null,
    async ({ body, client }, _key, state) => {
      const channel = body.channel?.id;
      const ts = body.message?.ts;
      // An ephemeral reply (a /cloud waste answer) has no thread to mention anyone in.
      if (!channel || !ts || body.container?.is_ephemeral) return;
      await client.chat.postMessage({
        channel,
        thread_ts: ts,
        text: `<@${state.assignee}>, <@${state.assignedBy}> assigned this finding to you.`,
      });
    },
  ),
});
