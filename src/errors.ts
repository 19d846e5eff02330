import { randomUUID } from 'node:crypto';

/**
 * Every error code Arcadia raises, in one place. Codes are stable: operators grep logs and
 * scripts compare them, so a code is never renamed, only added.
 */
export const ErrorCode = {
  ConfigInvalid: 'config_invalid',
  Usage: 'usage',
  ServiceUnavailable: 'service_unavailable',
  DoApi: 'do_api_error',
  DoAuth: 'do_auth_error',
  SpacesApi: 'spaces_api_error',
  UnknownKind: 'unknown_kind',
  UnknownAccount: 'unknown_account',
  AccountNotNamed: 'account_not_named',
  InvoiceFormat: 'invoice_format',
  InvoiceNotFound: 'invoice_not_found',
  DoInvoiceNotFound: 'do_invoice_not_found',
  InvoiceReplaceRefused: 'invoice_replace_refused',
  InvoiceAmbiguous: 'invoice_ambiguous',
  InvoiceReplacementGone: 'invoice_replacement_gone',
  InvoiceBusy: 'invoice_busy',
  MissingDoToken: 'missing_do_token',
  SlackFileRefused: 'slack_file_refused',
  SlackDecisionTaken: 'slack_decision_taken',
  BadParam: 'bad_param',
  BlueprintInvalid: 'blueprint_invalid',
  BlueprintParamsInvalid: 'blueprint_params_invalid',
  ProvisionQuoteTooHigh: 'provision_quote_too_high',
  ProvisionMissingDependency: 'provision_missing_dependency',
  ProvisionUnknownTenant: 'provision_unknown_tenant',
  ProvisionNameTaken: 'provision_name_taken',
  ProvisionSizeUnavailable: 'provision_size_unavailable',
  ProvisionDropletLimit: 'provision_droplet_limit',
  ProvisionTenantCap: 'provision_tenant_cap',
  ProvisionPreflightFailed: 'provision_preflight_failed',
  SagaNotFound: 'saga_not_found',
  SagaState: 'saga_state',
  SagaSelfApproval: 'saga_self_approval',
  DoActionFailed: 'do_action_failed',
  SagaUnknownStepKind: 'saga_unknown_step_kind',
  BillingUsage: 'billing_usage',
  BillingPeriodNotFound: 'billing_period_not_found',
  TenantInvalid: 'tenant_invalid',
  TenantNotFound: 'tenant_not_found',
  AnomalyNotFound: 'anomaly_not_found',
  ListenFailed: 'listen_failed',
  BudgetUsage: 'budget_usage',
  SagaBudgetApproval: 'saga_budget_approval',
  BudgetNotFound: 'budget_not_found',
  ForecastProjectNotFound: 'forecast_project_not_found',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Typed errors. Each carries a stable `code` and the context an operator needs;
 * none ever carries a secret (tokens are redacted before they could reach a message).
 */
export class ArcadiaError extends Error {
  readonly code: ErrorCode;
  readonly context: Record<string, unknown>;
  /** Another attempt at the same work would fail the same way (bad input, a refused token): jobs fail at once. */
  readonly permanent: boolean = false;
  /**
   * The person asked for something that cannot be done (a mistyped command, a bad argument or file,
   * a saga in the wrong state, a refusal): its sentence is all they need, with no log reference,
   * which is kept for failures on Arcadia's side.
   */
  readonly userError: boolean = false;

  constructor(code: ErrorCode, message: string, context: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = this.constructor.name;
    this.code = code;
    this.context = context;
  }

  /**
   * The one sentence a person in Slack may be shown, saying what to do; undefined when the message
   * speaks of internals, and people get a generic sentence with a reference instead.
   */
  get sentence(): string | undefined {
    return undefined;
  }
}

/** Start-up configuration is missing or invalid; `issues` names every offending variable. */
export class ConfigError extends ArcadiaError {
  override readonly permanent = true;
  constructor(readonly issues: { variable: string; problem: string }[]) {
    super(
      ErrorCode.ConfigInvalid,
      `Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.problem}`).join('\n')}`,
      { variables: issues.map((i) => i.variable) },
    );
  }
}

/** A backing service (MongoDB, Redis) could not be reached or refused us. */
export class ServiceUnavailableError extends ArcadiaError {
  constructor(service: string, target: string, hint: string, cause?: unknown) {
    const reason = (cause instanceof Error ? cause.message : String(cause ?? 'unknown error')).replace(/[.\s]+$/, '');
    super(
      ErrorCode.ServiceUnavailable,
      `Cannot connect to ${service} at ${target}: ${reason}. ${hint}`,
      { service, target },
      { cause },
    );
  }
}

/** The Slack receiver could not listen: its port is taken, or HOST is no address of this machine. */
export class ListenError extends ArcadiaError {
  /** @param setting the variable that chose the port: PORT for Slack's, ARCADIA_HEALTH_PORT for the health server's. */
  constructor(port: number, host: string | undefined, cause: NodeJS.ErrnoException, setting = 'PORT') {
    super(
      ErrorCode.ListenFailed,
      cause.code === 'EADDRINUSE'
        ? `port ${port} is in use (another arcadia?); set ${setting}`
        : cause.code === 'EADDRNOTAVAIL' || cause.code === 'ENOTFOUND'
          ? `HOST ${host} is not an address of this machine; set HOST (unset listens on every interface)`
          : `cannot listen on ${host ?? 'every interface'}, port ${port}: ${cause.message}; set ${setting} or HOST`,
      { port, host, errno: cause.code },
      { cause },
    );
  }
}

export interface DoApiErrorContext {
  /** HTTP status, or 0 when no response arrived (network error, timeout). */
  status: number;
  /** DO's error id, e.g. `not_found`, `too_many_requests`. */
  id?: string;
  requestId?: string;
  method: string;
  path: string;
  attempts: number;
}

function doDetail(ctx: DoApiErrorContext): string {
  return [
    ctx.status ? `HTTP ${ctx.status}` : 'no response',
    ctx.id && `id=${ctx.id}`,
    ctx.requestId && `request_id=${ctx.requestId}`,
    `after ${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A DigitalOcean API call failed for good (after any retries). */
export class DoApiError extends ArcadiaError {
  readonly status: number;
  readonly doErrorId: string | undefined;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;

  constructor(
    message: string,
    ctx: DoApiErrorContext,
    options?: ErrorOptions,
    code: ErrorCode = ErrorCode.DoApi,
    headline?: string,
  ) {
    super(
      code,
      headline ?? `DigitalOcean ${ctx.method} ${ctx.path} failed: ${message} (${doDetail(ctx)})`,
      { ...ctx },
      options,
    );
    this.status = ctx.status;
    this.doErrorId = ctx.id;
    this.requestId = ctx.requestId;
    this.method = ctx.method;
    this.path = ctx.path;
    this.attempts = ctx.attempts;
  }

  override get sentence(): string {
    const where = `${this.method} ${this.path.split('?')[0]}`;
    return this.status
      ? `DigitalOcean answered HTTP ${this.status} to ${where}.`
      : `DigitalOcean did not answer ${where}.`;
  }
}

/** Whether DO answered 404: the resource (or what its path names) does not exist, or no longer does. */
export function isNotFound(err: unknown): err is DoApiError {
  return err instanceof DoApiError && err.status === 404;
}

/**
 * DO refused the token (401) or its scopes (403). The same token is refused on every retry, so
 * this is permanent; the message names the variable to fix and, when known, the scope it lacks.
 */
export class DoAuthError extends DoApiError {
  override readonly permanent = true;
  readonly scope: string | undefined;

  /** @param tokenName how the refused token is configured: `DIGITALOCEAN_TOKEN`, or one team's token in ARCADIA_DO_ACCOUNTS. */
  constructor(message: string, ctx: DoApiErrorContext, scope: string | undefined, tokenName = 'DIGITALOCEAN_TOKEN') {
    // A refused token is the operator's to fix: the message names the variable and the scope, not DO's wording.
    super(message, ctx, undefined, ErrorCode.DoAuth, refusal(ctx.status, ctx.method, ctx.path, scope, tokenName));
    this.scope = scope;
  }

  override get sentence(): string {
    return `${this.message}.`;
  }
}

function refusal(
  status: number,
  method: string,
  pathWithQuery: string,
  scope: string | undefined,
  tokenName: string,
): string {
  const path = pathWithQuery.split('?')[0]!;
  if (status === 401)
    return `DigitalOcean refused ${tokenName} (HTTP 401): the token is wrong, expired or revoked; create one under API → Tokens in the control panel`;
  // Writes are provisioning's: a read-only token lacks them, and the README lists the scopes they need.
  if (method !== 'GET')
    return `DigitalOcean refused ${method} ${path} (HTTP 403): ${tokenName} lacks a scope this call needs; provisioning needs the write scopes the README lists (Provisioning → Write token scopes)`;
  return `DigitalOcean refused GET ${path} (HTTP 403): ${tokenName} lacks ${scope ? `the ${scope} scope` : 'a scope this call needs'}; give the token that scope (or use a read-only token with every scope)`;
}

/** A DO account name that the configuration does not name (ARCADIA_DO_ACCOUNTS, or `default` for DIGITALOCEAN_TOKEN). */
export class UnknownAccountError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly account: string,
    readonly known: readonly string[],
  ) {
    super(ErrorCode.UnknownAccount, `No DO account is named "${account}"; the accounts are ${known.join(', ')}.`, {
      account,
    });
  }

  override get sentence(): string {
    return this.message;
  }
}

/** Several DO teams are configured and an invoice (or a command) did not say which it is about. */
export class AccountNotNamedError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly known: readonly string[],
    /** What to do, e.g. "say which this invoice bills with --account". */
    how: string,
  ) {
    super(ErrorCode.AccountNotNamed, `Several DO teams are configured (${known.join(', ')}): ${how}.`, {});
  }

  override get sentence(): string {
    return this.message;
  }
}

/**
 * Kinds the engine has no spec for, as someone typed them. The message (the command line, the log)
 * names every known kind; the sentence (Slack) says the same in a chat's words, with `all` when the
 * command takes it.
 */
export class UnknownKindError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  readonly kinds: readonly string[];
  constructor(
    kind: string | readonly string[],
    readonly known: readonly string[],
    readonly suggestion?: string,
    /** The command also takes `all` (every kind). */
    readonly orAll = false,
  ) {
    const kinds = typeof kind === 'string' ? [kind] : [...kind];
    super(
      ErrorCode.UnknownKind,
      `Unknown resource kind${kinds.length > 1 ? 's' : ''} ${quoted(kinds)}${suggestion ? `; did you mean "${suggestion}"?` : '.'} Known kinds: ${known.join(', ')}`,
      { kind: kinds.join(' ') },
    );
    this.kinds = kinds;
  }

  override get sentence(): string {
    const s = this.kinds.length > 1 ? 's' : '';
    return `Unknown kind${s} ${quoted(this.kinds)}${this.suggestion ? `; did you mean "${this.suggestion}"?` : '.'} Kinds: ${this.known.join(', ')}${this.orAll ? ', or all' : ''}.`;
  }
}

const quoted = (words: readonly string[]) => words.map((w) => `"${w}"`).join(', ');

/**
 * Arguments a command cannot use, from either front end: the message says what to write instead,
 * and is the sentence people see. `code` keeps the code each refusal has always been logged under.
 */
export class UsageError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(message: string, code: ErrorCode = ErrorCode.Usage, context: Record<string, unknown> = {}) {
    super(code, message, context);
  }

  override get sentence(): string {
    return this.message;
  }
}

/** Work that needs the DO API was asked of a process started without a token. */
export class MissingDoTokenError extends ArcadiaError {
  override readonly permanent = true;
  constructor(what: string) {
    super(ErrorCode.MissingDoToken, `${what} needs DIGITALOCEAN_TOKEN`, {});
  }

  override get sentence(): string {
    return `${this.message}: set it and restart Arcadia.`;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The error's own sentence when it has one meant for people. */
export function sentenceOf(err: unknown): string | undefined {
  return err instanceof ArcadiaError ? err.sentence : undefined;
}

/** A short id quoted to people and logged with the details, so an operator can find one from the other. */
export function newErrorRef(): string {
  return randomUUID().slice(0, 8);
}

interface ErrorLog {
  error(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
}

/**
 * What a person is told about a failure: the error's own sentence when it has one, else `fallback`
 * with a reference id. Either way the details (message, code, context) go to the log under that id.
 * A user error (`userError`: bad input, a refusal) is told in its own sentence alone, no reference
 * in it, and logged as information, not as an error.
 */
export function explainError(
  err: unknown,
  log: ErrorLog,
  fallback: string,
  fields: Record<string, unknown> = {},
): { sentence: string; ref: string } {
  const ref = newErrorRef();
  const typed = err instanceof ArcadiaError ? { code: err.code, context: err.context } : {};
  const own = sentenceOf(err);
  if (own && err instanceof ArcadiaError && err.userError) {
    (log.info ?? log.error).call(log, { ...fields, ref, err: errorMessage(err), ...typed }, fallback);
    return { sentence: own, ref };
  }
  log.error({ ...fields, ref, err: errorMessage(err), ...typed }, fallback);
  return {
    sentence: own
      ? `${own.replace(/\.$/, '')} (ref ${ref}).`
      : `${fallback} (ref ${ref}). The details are in Arcadia's log.`,
    ref,
  };
}
