import { actorNow, type AuditVia } from '../../models/audit.js';
import type { SagaAuditAction, SagaDoc } from '../../models/saga.js';

/** One line of a saga's audit trail as `arcadia saga show --json` prints it; `at` is null where an old saga never kept it. */
export interface SagaAuditEntry {
  action: SagaAuditAction;
  by: string;
  at: string | null;
  via: AuditVia;
}

/**
 * Who requested, approved, rejected and tore down a saga, when and from where, in order. A saga
 * stored before the trail was kept has it rebuilt from its older fields: a request came by slash
 * command or the command line, a decision or teardown by button or the command line.
 */
export function sagaAudit(
  saga: Pick<SagaDoc, 'requestedBy' | 'createdAt' | 'approvedBy' | 'rejectedBy' | 'decidedAt' | 'deprovisionedBy'> & {
    audit?: readonly { action: string; by: string; at: Date; via: string }[] | null;
  },
): SagaAuditEntry[] {
  if (saga.audit?.length)
    return saga.audit.map((a) => ({
      action: a.action as SagaAuditAction,
      by: a.by,
      at: a.at.toISOString(),
      via: a.via as AuditVia,
    }));
  const older = (
    action: SagaAuditAction,
    by: string | null | undefined,
    at: Date | null | undefined,
    slackVia: 'slash_command' | 'button',
  ): SagaAuditEntry[] => (by ? [{ action, by, at: at?.toISOString() ?? null, via: actorNow(by, slackVia).via }] : []);
  return [
    ...older('requested', saga.requestedBy, saga.createdAt, 'slash_command'),
    ...older('approved', saga.approvedBy, saga.decidedAt, 'button'),
    ...older('rejected', saga.rejectedBy, saga.decidedAt, 'button'),
    ...older('teardown', saga.deprovisionedBy, null, 'button'),
  ];
}
