import { actionHandler } from './action-handler.js';
import { findingAssignedMessage, findingSummaryIn } from '../blocks/finding-blocks.js';
import type { Block } from '../blocks/message.js';
import { FINDING_DOES, findingHandler } from './finding-action.js';

/**
 * Assign to… (users_select): records the assignee, sends them a direct message through the outbox
 * saying who assigned them what, and mentions them in the message's thread.
 */
export const findingAssign = actionHandler({
  action: 'findingAssign',
  does: FINDING_DOES,
  handle: findingHandler(
    ({ userId, at, action }) =>
      action.type === 'users_select' && action.selected_user
        ? { type: 'assign', by: userId, at, assignee: action.selected_user }
        : null,
    async ({ body, client }, key, state, deps) => {
      const channel = body.channel?.id;
      const ts = body.message?.ts;
      const ephemeral = body.container?.is_ephemeral === true;
      if (state.assignee && state.assignee !== state.assignedBy) {
        const dm = findingAssignedMessage({
          by: state.assignedBy ?? body.user.id,
          ...(channel && !ephemeral ? { channel } : {}),
          summary: findingSummaryIn((body.message?.blocks as Block[] | undefined) ?? [], key),
        });
        // One message per assignment, however often the click is delivered.
        await deps.outbox.send(
          { ...dm, target: { to: 'channel', channel: state.assignee }, label: 'finding-assigned' },
          {
            id: `finding-assigned-${state.assignee}-${state.assignedAt?.getTime() ?? 0}-${key}`
              .replaceAll(':', '_')
              .slice(0, 200),
          },
        );
      }
      // An ephemeral reply (a /cloud waste answer) has no thread to mention anyone in.
      if (!channel || !ts || ephemeral) return;
      await client.chat.postMessage({
        channel,
        thread_ts: ts,
        text: `<@${state.assignee}>, <@${state.assignedBy}> assigned this finding to you.`,
      });
    },
  ),
});
