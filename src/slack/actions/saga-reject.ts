import { decideFromClick } from '../approval-request.js';
import { actionHandler } from './action-handler.js';

/** Reject on a provisioning request: the saga ends `rejected`, nothing is created, the request says who rejected it. */
export const sagaReject = actionHandler({
  action: 'sagaReject',
  does: 'reject provisioning',
  handle: (click, deps) => decideFromClick(click, deps, false),
});
