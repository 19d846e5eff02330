import { basename } from 'node:path';
import { ArcadiaError, ErrorCode } from '../errors.js';
import { formatUsd as dollars } from '../invoice/money.js';

/** A blueprint file that cannot be used: names the file, the path inside it and the problem. */
export class BlueprintError extends ArcadiaError {
  constructor(
    readonly file: string,
    readonly at: string,
    readonly problem: string,
  ) {
    super(ErrorCode.BlueprintInvalid, `${file}${at ? ` at ${at}` : ''}: ${problem}`, { file, at });
  }

  /** People in Slack get the file's name, not the server's path. */
  override get sentence(): string {
    return `Blueprint ${basename(this.file)}${this.at ? ` at ${this.at}` : ''}: ${this.problem}.`;
  }
}

/** A provision request whose parameters the blueprint does not accept. */
export class BlueprintParamError extends ArcadiaError {
  override readonly userError = true;
  constructor(
    readonly blueprint: string,
    problems: string[],
  ) {
    super(ErrorCode.BlueprintParamsInvalid, `${blueprint}: ${problems.join('; ')}`, { blueprint });
  }

  override get sentence(): string {
    return `${this.message}.`;
  }
}

export class SagaNotFoundError extends ArcadiaError {
  override readonly userError = true;
  constructor(id: string) {
    super(ErrorCode.SagaNotFound, `no saga with id ${id}`, { id });
  }

  override get sentence(): string {
    return `There is no saga with id ${String(this.context.id)}; its approval message in Slack names it.`;
  }
}

/** An operation the saga's status does not allow (approving a finished saga, deprovisioning a failed one...). */
export class SagaStateError extends ArcadiaError {
  override readonly userError = true;
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
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly sagaId: string,
    readonly requestedBy: string,
    readonly otherAdmins: readonly string[],
  ) {
    super(ErrorCode.SagaSelfApproval, `saga ${sagaId} was requested by ${requestedBy}, who may not approve it too`, {
      sagaId,
      requestedBy,
    });
  }

  override get sentence(): string {
    const who = this.otherAdmins.length
      ? `another admin must: ${this.otherAdmins.map((id) => `<@${id}>`).join(', ')}`
      : 'another admin must, and ARCADIA_ADMIN_USERS lists no other (add one, or set ARCADIA_PROVISION_SELF_APPROVAL=true for a one-person team)';
    return `Nothing changed: you requested saga ${this.sagaId}, so you may not approve it; ${who}.`;
  }
}

/**
 * A stored saga names a step kind this version does not register (planned by another version, or
 * its step kind since removed): no try of it can run or undo the step, so it fails for good.
 */
export class UnknownStepKindError extends ArcadiaError {
  override readonly permanent = true;
  constructor(
    readonly kind: string,
    readonly known: readonly string[],
  ) {
    super(ErrorCode.SagaUnknownStepKind, `no saga step kind "${kind}" (known: ${known.join(', ')})`, { kind, known });
  }

  override get sentence(): string {
    return `This saga has a step of kind "${this.kind}", which this version of Arcadia does not know (it knows ${this.known.join(', ')}): finish or deprovision it with the version that planned it.`;
  }
}

/** A DO action (attach, assign, create) that ended `errored` or never finished. */
export class DoActionError extends ArcadiaError {
  constructor(
    readonly actionId: number,
    readonly status: string,
  ) {
    super(ErrorCode.DoActionFailed, `DigitalOcean action ${actionId} ended ${status}`, { actionId, status });
  }
}

/**
 * One reason a provision request is refused before it is stored or shown for approval: what is wrong
 * (the message) and what to do about it (the remedy), so several can be listed as one sentence each.
 */
export abstract class PreflightProblem extends ArcadiaError {
  override readonly userError = true;
  abstract readonly remedy: string;

  override get sentence(): string {
    return `Refused: ${this.message}; ${this.remedy}.`;
  }
}

/** Something a step needs to exist in the account (a domain, firewall or project) does not. */
export class MissingDependencyError extends PreflightProblem {
  readonly remedy = 'name one that exists, or create it in DigitalOcean first';

  constructor(what: string, name: string) {
    super(ErrorCode.ProvisionMissingDependency, `${what} "${name}" does not exist in the DigitalOcean account`, {
      what,
      name,
    });
  }
}

/**
 * The tenant is not defined (`arcadia tenant set`): its stack's `tenant:<name>` tag would name no
 * tenant billing knows, so its costs would silently be shared among the others.
 */
export class UnknownTenantError extends PreflightProblem {
  readonly remedy: string;

  constructor(readonly tenant: string) {
    super(
      ErrorCode.ProvisionUnknownTenant,
      `tenant "${tenant}" is not defined, so billing would share its stack's costs among the other tenants`,
      { tenant },
    );
    this.remedy = `define it first (\`arcadia tenant set ${tenant}\`) or name a defined one (\`arcadia tenant list\`)`;
  }
}

/** The quote is over ARCADIA_PROVISION_MAX_MONTHLY_USD. */
export class QuoteTooHighError extends PreflightProblem {
  readonly remedy = 'choose a smaller size, or ask an admin to raise the limit';

  constructor(
    readonly monthlyCents: number,
    readonly maxCents: number,
  ) {
    super(
      ErrorCode.ProvisionQuoteTooHigh,
      `the stack would cost ${dollars(monthlyCents)}/month, over the ${dollars(maxCents)} limit (ARCADIA_PROVISION_MAX_MONTHLY_USD)`,
      { monthlyCents, maxCents },
    );
  }
}

/** The tenant's live sagas' quotes plus this one would pass ARCADIA_TENANT_MAX_MONTHLY_USD. */
export class TenantSpendCapError extends PreflightProblem {
  readonly remedy: string;

  constructor(
    readonly tenant: string,
    readonly liveCents: number,
    readonly quoteCents: number,
    readonly capCents: number,
  ) {
    super(
      ErrorCode.ProvisionTenantCap,
      `${tenant}'s stacks already cost ${dollars(liveCents)}/month and this one would add ${dollars(quoteCents)}, over the tenant cap of ${dollars(capCents)} (ARCADIA_TENANT_MAX_MONTHLY_USD)`,
      { tenant, liveCents, quoteCents, capCents },
    );
    this.remedy = `deprovision one of ${tenant}'s stacks, or ask an admin to raise the cap`;
  }
}

/** A name the plan gives (a droplet's, a volume's in its region) is already in use in the DO team. */
export class NameTakenError extends PreflightProblem {
  readonly remedy = 'choose another name';

  constructor(what: string, name: string, detail: string) {
    super(ErrorCode.ProvisionNameTaken, `${what} ${name} already exists (${detail})`, { what, name });
  }
}

/**
 * The DNS name already answers with an A, AAAA or CNAME record: another A record beside it would
 * send part of that name's traffic to the new droplet (DNS round-robin).
 */
export class DnsNameTakenError extends PreflightProblem {
  readonly remedy = 'an A record beside it would send part of its traffic to the new droplet, so choose another name';

  constructor(
    readonly fqdn: string,
    records: { type: string; data: string }[],
  ) {
    super(
      ErrorCode.ProvisionNameTaken,
      `${fqdn} already has ${records.map((r) => `${r.type.startsWith('A') ? 'an' : 'a'} ${r.type} record (${r.data})`).join(' and ')}`,
      { fqdn, records },
    );
  }
}

/** The droplet size is unknown to DO, not offered in the region, or not available for new droplets now. */
export class SizeUnavailableError extends PreflightProblem {
  readonly remedy = 'choose another size or region';

  constructor(size: string, region: string, problem: 'unknown' | 'region' | 'unavailable', offeredIn: string[] = []) {
    const why = {
      unknown: `"${size}" is not a DigitalOcean droplet size`,
      region: `size ${size} is not offered in region ${region}${offeredIn.length ? ` (it is in ${offeredIn.join(', ')})` : ''}`,
      unavailable: `size ${size} cannot be created at the moment (DigitalOcean lists it as unavailable)`,
    }[problem];
    super(ErrorCode.ProvisionSizeUnavailable, why, { size, region, problem });
  }
}

/** The team's droplets plus the plan's would pass its `droplet_limit` (GET /v2/account). */
export class DropletLimitError extends PreflightProblem {
  readonly remedy = 'delete droplets first, or ask DigitalOcean to raise the limit';

  constructor(running: number, adding: number, limit: number) {
    super(
      ErrorCode.ProvisionDropletLimit,
      `the DigitalOcean team runs ${running} droplets and this plan adds ${adding}, over its droplet limit of ${limit}`,
      { running, adding, limit },
    );
  }
}

/** Several problems at once: each keeps its own sentence, so a person can fix them all in one go. */
export class PreflightError extends ArcadiaError {
  override readonly userError = true;
  constructor(readonly problems: PreflightProblem[]) {
    super(
      ErrorCode.ProvisionPreflightFailed,
      `refused, for ${problems.length} reasons:\n${problems.map((p) => `  - ${p.message}; ${p.remedy}`).join('\n')}`,
      {
        problems: problems.map((p) => p.code),
      },
    );
  }

  override get sentence(): string {
    return `Refused, for ${this.problems.length} reasons:\n${this.problems.map((p) => `• ${p.message}; ${p.remedy}.`).join('\n')}`;
  }
}

/** Refuses with every problem found: the one problem's own error, or all of them in a PreflightError. */
export function refuseIfAny(problems: PreflightProblem[]): void {
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new PreflightError(problems);
}

/**
 * An approval a budget-gated saga cannot take from this person: it needs an admin's and, as it would
 * push its tenant's forecast past the budget, a finance user's besides, from two people; or a
 * finance user tried to approve a saga no budget gates, which is the admins' call alone.
 */
export class BudgetApprovalError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly sagaId: string,
    readonly why: string,
  ) {
    super(ErrorCode.SagaBudgetApproval, `saga ${sagaId}: ${why}`, { sagaId });
  }

  override get sentence(): string {
    return `Nothing changed: ${this.why}.`;
  }
}
