import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { CLI_USER } from '../../models/audit.js';
import type { SagaDoc } from '../../models/saga.js';
import type { ProvisionJob } from '../../jobs/queues.js';
import { decideOnce } from './decide-once.js';
import { BudgetApprovalError, SelfApprovalError } from './errors.js';
import { approveSaga, getSaga, recordGatedApproval, rejectSaga } from './saga-service.js';

export interface SagaDecisionDeps {
  redis: Redis;
  prefix: string;
  queue: Queue<ProvisionJob>;
  /** Who may approve: the admins, and whether a requester may approve their own saga. */
  config: Pick<Config, 'ARCADIA_ADMIN_USERS' | 'ARCADIA_FINANCE_USERS' | 'ARCADIA_PROVISION_SELF_APPROVAL'>;
  /** Shows the decision where the approval request was posted (Slack's request message), once stored. */
  announce(saga: SagaDoc): Promise<void>;
}

export interface SagaDecision {
  approve: boolean;
  /** A Slack user id, or `cli` for the command line. */
  by: string;
  /** The request message the decision was clicked on, when it was. */
  slack?: { channel: string; messageTs: string };
}

/** How long a decision waits for the claim another holder has (a recorder's hold is milliseconds). */
const DECISION_WAIT_MS = 3_000;

/**
 * The claim buttons, the command line and the approval request's recorder take, so they are ordered
 * one after another: its key and how a refusal names it.
 */
export const sagaDecisionClaim = (sagaId: string) =>
  [`saga-approval-${sagaId}`, `the approval of saga ${sagaId}`] as const;

/**
 * Approves or rejects a saga, from a button or the command line alike, and has the decision shown
 * where its request was posted. Only the first of racing decisions gets through (the claim, then the
 * saga's status), so only it is announced.
 */
export async function decideSaga(sagaId: string, decision: SagaDecision, deps: SagaDecisionDeps): Promise<SagaDoc> {
  // The request's recorder holds the claim for a moment once the request is posted: a decision
  // arriving then waits for it rather than being turned away; a racing decision still loses, to the
  // saga's status once the claim is free.
  const saga = await decideOnce(
    deps,
    ...sagaDecisionClaim(sagaId),
    async () => {
      if (!decision.approve) return rejectSaga(sagaId, decision.by, decision.slack);
      const gated = await getSaga(sagaId);
      const role = approvingRole(gated, decision.by, deps.config);
      if (role === 'admin') await checkSeparationOfDuties(sagaId, decision.by, deps.config);
      if (!gated.budgetGate) return approveSaga(sagaId, decision.by, { queue: deps.queue }, decision.slack);
      const waiting = await recordGatedApproval(sagaId, role, decision.by);
      // The second of the two approvals starts it; the first is kept and the saga waits.
      return waiting.adminApprovedBy && waiting.financeApprovedBy
        ? approveSaga(sagaId, decision.by, { queue: deps.queue }, decision.slack)
        : waiting;
    },
    { waitMs: DECISION_WAIT_MS },
  );
  await deps.announce(saga);
  return saga;
}

/**
 * Refuses the requester's own approval from Slack (by default): two people see every stack that is
 * paid for. The command line is an operator with shell access and decides as it always has; a
 * requester may still reject (withdraw) their own request.
 */
async function checkSeparationOfDuties(sagaId: string, by: string, config: SagaDecisionDeps['config']): Promise<void> {
  if (by === CLI_USER || config.ARCADIA_PROVISION_SELF_APPROVAL) return;
  const { requestedBy } = await getSaga(sagaId);
  if (requestedBy !== by) return;
  throw new SelfApprovalError(
    sagaId,
    requestedBy,
    config.ARCADIA_ADMIN_USERS.filter((id) => id !== by),
  );
}

/**
 * In which role an approval counts. A saga no budget gates is approved by an admin (the command line
 * is one). A gated one needs an admin's and a finance user's approval from two people: a person who is
 * both gives the one still missing, and is refused once theirs is in.
 */
function approvingRole(
  saga: Pick<SagaDoc, 'sagaId' | 'budgetGate' | 'adminApprovedBy' | 'financeApprovedBy'>,
  by: string,
  config: SagaDecisionDeps['config'],
): 'admin' | 'finance' {
  const admin = by === CLI_USER || config.ARCADIA_ADMIN_USERS.includes(by);
  const finance = config.ARCADIA_FINANCE_USERS.includes(by);
  if (!saga.budgetGate) {
    if (admin) return 'admin';
    throw new BudgetApprovalError(saga.sagaId, 'only Arcadia admins may approve provisioning that stays within budget');
  }
  if (saga.adminApprovedBy === by || saga.financeApprovedBy === by)
    throw new BudgetApprovalError(
      saga.sagaId,
      `you approved saga ${saga.sagaId} already; it passes its tenant's budget, so ${saga.adminApprovedBy ? 'a finance user' : 'an admin'} must approve it too`,
    );
  if (admin && !saga.adminApprovedBy) return 'admin';
  if (finance && !saga.financeApprovedBy) return 'finance';
  throw new BudgetApprovalError(
    saga.sagaId,
    `saga ${saga.sagaId} passes its tenant's budget and waits for a finance user's approval`,
  );
}
