import { SNOOZE_DAYS } from '../../findings/finding-transitions.js';
import { actionHandler } from './action-handler.js';
import { FINDING_DOES, findingHandler } from './finding-action.js';

/** Snooze 7 days: the finding leaves digests for a week, or until it changes. */
export const findingSnooze = actionHandler({
  action: 'findingSnooze',
  does: FINDING_DOES,
  handle: findingHandler(({ userId, at, fingerprint }) => ({
    type: 'snooze',
    by: userId,
    at,
    fingerprint,
    days: SNOOZE_DAYS,
  })),
});
