import { FINDING_ACTIONS } from '../../findings/action-ids.js';
import { findingActionListener, type FindingActionDeps } from './finding-action.js';

/** Acknowledge: the finding leaves digests and stops re-alerting until it changes. `app.action(actionId, listener(deps))`. */
export const findingAcknowledge = {
  actionId: FINDING_ACTIONS.acknowledge,
  listener: (deps: FindingActionDeps) => findingActionListener(deps, ({ userId, at, fingerprint }) => ({ type: 'acknowledge', by: userId, at, fingerprint })),
};
