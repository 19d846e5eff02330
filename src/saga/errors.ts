import { basename } from 'node:path';
import { ArcadiaError, ErrorCode } from '../errors.js';

/** A blueprint file that cannot be used: names the file, the path inside it and the problem. */
export class BlueprintError extends ArcadiaError {
  constructor(readonly file: string, readonly at: string, readonly problem: string) {
    super(ErrorCode.BlueprintInvalid, `${file}${at ? ` at ${at}` : ''}: ${problem}`, { file, at });
  }

  /** People in Slack get the file's name, not the server's path. */
  override get sentence(): string {
    return `Blueprint ${basename(this.file)}${this.at ? ` at ${this.at}` : ''}: ${this.problem}.`;
  }
}

/** A provision request whose parameters the blueprint does not accept. */
export class BlueprintParamError extends ArcadiaError {
  constructor(readonly blueprint: string, problems: string[]) {
    super(ErrorCode.BlueprintParamsInvalid, `${blueprint}: ${problems.join('; ')}`, { blueprint });
  }

  override get sentence(): string {
    return `${this.message}.`;
  }
}

/** The quote is over ARCADIA_PROVISION_MAX_MONTHLY_USD. */
export class QuoteTooHighError extends ArcadiaError {
  constructor(readonly monthlyCents: number, readonly maxCents: number) {
    super(
      ErrorCode.ProvisionQuoteTooHigh,
      `the stack would cost $${(monthlyCents / 100).toFixed(2)}/month, over the $${(maxCents / 100).toFixed(2)} limit (ARCADIA_PROVISION_MAX_MONTHLY_USD)`,
      { monthlyCents, maxCents },
    );
  }

  override get sentence(): string {
    return `Refused: ${this.message}. Choose a smaller size, or ask an admin to raise the limit.`;
  }
}

export class SagaNotFoundError extends ArcadiaError {
  constructor(id: string) {
    super(ErrorCode.SagaNotFound, `no saga with id ${id}`, { id });
  }

  override get sentence(): string {
    return `There is no saga with id ${String(this.context.id)}; \`arcadia saga list\` lists them.`;
  }
}

/** An operation the saga's status does not allow (approving a finished saga, deprovisioning a failed one...). */
export class SagaStateError extends ArcadiaError {
  constructor(id: string, status: string, wanted: string) {
    super(ErrorCode.SagaState, `saga ${id} is ${status}; it cannot be ${wanted}`, { id, status });
  }

  override get sentence(): string {
    return `Nothing changed: ${this.message}.`;
  }
}

/**
 * The person who requested a saga tried to approve it: another admin must (separation of duties),
 * unless ARCADIA_PROVISION_SELF_APPROVAL allows it for a one-person team.
 */
export class SelfApprovalError extends ArcadiaError {
  override readonly permanent = true;
  constructor(readonly sagaId: string, readonly requestedBy: string, readonly otherAdmins: readonly string[]) {
    super(ErrorCode.SagaSelfApproval, `saga ${sagaId} was requested by ${requestedBy}, who may not approve it too`, { sagaId, requestedBy });
  }

  override get sentence(): string {
    const who = this.otherAdmins.length
      ? `another admin must: ${this.otherAdmins.map((id) => `<@${id}>`).join(', ')}`
      : 'another admin must, and ARCADIA_ADMIN_USERS lists no other (add one, or set ARCADIA_PROVISION_SELF_APPROVAL=true for a one-person team)';
    return `Nothing changed: you requested saga ${this.sagaId}, so you may not approve it; ${who}.`;
  }
}

/** A DO action (attach, assign, create) that ended `errored` or never finished. */
export class DoActionError extends ArcadiaError {
  constructor(readonly actionId: number, readonly status: string) {
    super(ErrorCode.DoActionFailed, `DigitalOcean action ${actionId} ended ${status}`, { actionId, status });
  }
}

/** Something a step needs to exist in the account (a domain, firewall or project) does not. */
export class MissingDependencyError extends ArcadiaError {
  constructor(what: string, name: string) {
    super(ErrorCode.ProvisionMissingDependency, `${what} "${name}" does not exist in the DigitalOcean account`, { what, name });
  }

  override get sentence(): string {
    return `${this.message}.`;
  }
}
