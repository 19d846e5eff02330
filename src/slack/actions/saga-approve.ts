import { decideFromClick } from '../approval-request.js';
import { actionHandler } from './action-handler.js';

/** Approve on a provisioning request: the saga starts, the request is updated to say who approved, progress goes to its thread. */
export const sagaApprove = actionHandler({
  action: 'sagaApprove',
  does: 'approve provisioning',
  handle: (click, deps) => decideFromClick(click, deps, true),
});
