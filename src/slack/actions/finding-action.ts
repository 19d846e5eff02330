import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { findingKeyFromBlockId } from '../../slack/blocks/action-ids.js';
import { currentFingerprint } from '../../findings/finding-fingerprint.js';
import { recordFindingAction } from '../../findings/finding-store.js';
import { stateLines, type FindingAction, type FindingState } from '../../findings/finding-transitions.js';
import { errorMessage } from '../../errors.js';
import type { ActionArgs, ActionDeps, ActionHandler } from './action-handler.js';
import { withFindingState } from '../blocks/finding-blocks.js';
import type { Block } from '../blocks/message.js';

/** Bolt's `app.action` arguments for a block action. */
export type FindingActionArgs = SlackActionMiddlewareArgs<BlockAction> & Pick<AllMiddlewareArgs, 'client'>;

export const FINDING_DOES = 'act on findings';

/**
 * The one flow of every finding button, after the registry has acked the click and checked the
 * clicker: record the decision, rewrite the message in place with who did what and when. `decide`
 * turns the click into a decision (or null to do nothing, e.g. a users_select cleared).
 */
export function findingHandler(
  decide: (click: {
    userId: string;
    at: Date;
    fingerprint: string;
    action: BlockAction['actions'][number];
  }) => FindingAction | null,
  after?: (ctx: ActionArgs, key: string, state: FindingState, deps: ActionDeps) => Promise<void>,
): ActionHandler['handle'] {
  return async (click, deps, args) => {
    const { body, respond } = args;
    const userId = click.userId;
    const action = body.actions[0];
    if (!action) return;
    const key =
      ('value' in action && typeof action.value === 'string' && action.value) || findingKeyFromBlockId(action.block_id);
    try {
      const fingerprint = key ? await currentFingerprint(key) : null;
      if (!key || !fingerprint) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'That finding is gone (resolved, or no longer known). Run `/cloud waste` for the current list.',
        });
        return;
      }
      const now = deps.now();
      const decision = decide({ userId, at: now, fingerprint, action });
      if (!decision) return;
      const state = await recordFindingAction(key, decision);
      deps.log.info({ key, action: decision.type, by: userId }, 'finding action recorded');
      const blocks = body.message?.blocks as Block[] | undefined;
      if (blocks) {
        await respond({
          replace_original: true,
          text: (body.message?.text as string | undefined) ?? 'Finding updated',
          blocks: withFindingState(blocks, key, stateLines(state, fingerprint, now)),
        });
      }
      await after?.(args, key, state, deps);
    } catch (err) {
      deps.log.error({ key, err: errorMessage(err) }, 'finding action failed');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: "Sorry, that did not go through. The details are in Arcadia's log; try again in a minute.",
      });
    }
  };
}
