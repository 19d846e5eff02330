import { actionHandler } from './action-handler.js';
import { FINDING_DOES, findingHandler } from './finding-action.js';

/** Acknowledge: the finding leaves digests and stops re-alerting until it changes. */
export const findingAcknowledge = actionHandler({
  action: 'findingAcknowledge',
  does: FINDING_DOES,
  handle: findingHandler(({ userId, at, fingerprint }) => ({ type: 'acknowledge', by: userId, at, fingerprint })),
});
