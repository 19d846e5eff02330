import type { BlockAction } from '@slack/bolt';
import { decideAnomaly, getAnomaly, type AnomalyChoice, type StoredAnomaly } from '../../anomaly/anomaly-store.js';
import { errorMessage } from '../../errors.js';
import { anomalyIdFromBlockId, withAnomalyState } from '../blocks/anomaly-digest.js';
import type { Block } from '../blocks/message.js';
import { formatTime } from '../blocks/mrkdwn.js';
import type { ActionArgs, ActionDeps, ActionHandler } from './action-handler.js';

export const ANOMALY_DOES = 'act on spend anomalies';

/** The line under an anomaly once decided: who, what, when. */
export function anomalyStateLine(a: StoredAnomaly): string {
  const when = a.decidedAt ? ` on ${formatTime(a.decidedAt)}` : '';
  switch (a.decision) {
    case 'expected':
      return `:white_check_mark: Expected, said <@${a.decidedBy}>${when}`;
    case 'investigating':
      return `:mag: <@${a.assignee}> is investigating, assigned by <@${a.decidedBy}>${when}`;
    case 'snoozed':
      return `:zzz: Snoozed until ${a.snoozedUntil} by <@${a.decidedBy}>${when}`;
    default:
      return '';
  }
}

/**
 * The one flow of the anomaly buttons, after the registry has acked the click and checked the
 * clicker: record the choice (src/anomaly/anomaly-store.ts), then rewrite the digest in place with
 * a line under that anomaly. `choose` turns the click into a choice, or null (a select cleared).
 */
export function anomalyHandler(
  choose: (action: BlockAction['actions'][number]) => AnomalyChoice | null,
  after?: (args: ActionArgs, anomaly: StoredAnomaly, deps: ActionDeps) => Promise<void>,
): ActionHandler['handle'] {
  return async (click, deps, args) => {
    const { body, respond } = args;
    const action = body.actions[0];
    if (!action) return;
    const id = click.value || anomalyIdFromBlockId(action.block_id);
    const choice = choose(action);
    if (!id || !choice) return;
    try {
      await getAnomaly(id);
      const decided = await decideAnomaly(id, choice, click.userId, deps.now());
      deps.log.info({ anomaly: id, decision: choice.decision, by: click.userId }, 'anomaly decision recorded');
      const blocks = body.message?.blocks as Block[] | undefined;
      if (blocks) {
        await respond({
          replace_original: true,
          text: (body.message?.text as string | undefined) ?? 'Spend anomalies',
          blocks: withAnomalyState(blocks, id, anomalyStateLine(decided)),
        });
      }
      await after?.(args, decided, deps);
    } catch (err) {
      deps.log.error({ anomaly: id, err: errorMessage(err) }, 'anomaly decision failed');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text:
          err instanceof Error && 'userError' in err && err.userError
            ? err.message
            : "Sorry, that did not go through. The details are in Arcadia's log; try again in a minute.",
      });
    }
  };
}
