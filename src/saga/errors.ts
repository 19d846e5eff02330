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
