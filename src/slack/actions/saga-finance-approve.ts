import { decideFromClick } from '../approval-request.js';
import { actionHandler } from './action-handler.js';

/**
 * Approve for finance, on a request that would pass its tenant's budget: the finance approval it
 * needs besides an admin's. The saga starts once both are in (src/saga/decide-saga.ts).
 */
export const sagaFinanceApprove = actionHandler({
  action: 'sagaFinanceApprove',
  does: 'approve provisioning past a budget',
  handle: (click, deps) => decideFromClick(click, deps, true),
});
