import type { FindingActionArgs } from './finding-action.js';
import { FINDING_ACTIONS } from '../../findings/action-ids.js';

/** Open in DigitalOcean is a link: Slack opens it and still sends the click, which only needs its ack. */
export const findingOpenInDo = {
  actionId: FINDING_ACTIONS.openInDo,
  listener: () => async ({ ack }: Pick<FindingActionArgs, 'ack'>) => {
    await ack();
  },
};
