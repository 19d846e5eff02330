import { actionHandler } from './action-handler.js';

/** Open in DigitalOcean is a link: Slack opens it and still sends the click, which only needs the registry's ack. */
export const findingOpenInDo = actionHandler({
  action: 'findingOpenInDo',
  does: 'open a finding in DigitalOcean',
  handle: async () => undefined,
});
