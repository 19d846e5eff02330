import { FINDING_ACTIONS } from '../../findings/action-ids.js';
import { actionHandler } from './action-handler.js';

/** Open in DigitalOcean is a link: Slack opens it and still sends the click, which only needs the registry's ack. */
export const findingOpenInDo = actionHandler({
  actionId: FINDING_ACTIONS.openInDo,
  audience: 'everyone',
  does: 'open a finding in DigitalOcean',
  handle: async () => undefined,
});
