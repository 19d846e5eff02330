import { FINDING_ACTIONS } from '../../findings/action-ids.js';
import { SNOOZE_DAYS } from '../../findings/finding-transitions.js';
import { findingActionListener, type FindingActionDeps } from './finding-action.js';

/** Snooze 7 days: the finding leaves digests for a week, or until it changes. `app.action(actionId, listener(deps))`. */
export const findingSnooze = {
  actionId: FINDING_ACTIONS.snooze,
  listener: (deps: FindingActionDeps) => findingActionListener(deps, ({ userId, at, fingerprint }) => ({ type: 'snooze', by: userId, at, fingerprint, days: SNOOZE_DAYS })),
};
