import { tokenProblem } from './digitalocean/token-scopes.js';

/**
 * Typed errors. Each carries a stable `code` and the context an operator needs;
 * none ever carries a secret (tokens are redacted before they could reach a message).
 */
export class ArcadiaError extends Error {
  readonly code: string;
  readonly context: Record<string, unknown>;

  constructor(code: string, message: string, context: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = this.constructor.name;
    this.code = code;
    this.context = context;
  }
}

/** Start-up configuration is missing or invalid; `issues` names every offending variable. */
export class ConfigError extends ArcadiaError {
  constructor(readonly issues: { variable: string; problem: string }[]) {
    super(
      'config_invalid',
      `Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.problem}`).join('\n')}`,
      { variables: issues.map((i) => i.variable) },
    );
  }
}

/** A backing service (MongoDB, Redis) could not be reached or refused us. */
export class ServiceUnavailableError extends ArcadiaError {
  constructor(service: string, target: string, hint: string, cause?: unknown) {
    const reason = (cause instanceof Error ? cause.message : String(cause ?? 'unknown error')).replace(/[.\s]+$/, '');
    super('service_unavailable', `Cannot connect to ${service} at ${target}: ${reason}. ${hint}`, { service, target }, { cause });
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

/** A DigitalOcean API call failed for good (after any retries). */
export class DoApiError extends ArcadiaError {
  readonly status: number;
  readonly doErrorId: string | undefined;
  readonly requestId: string | undefined;
  readonly path: string;

  constructor(message: string, ctx: DoApiErrorContext, options?: ErrorOptions) {
    const detail = [
      ctx.status ? `HTTP ${ctx.status}` : 'no response',
      ctx.id && `id=${ctx.id}`,
      ctx.requestId && `request_id=${ctx.requestId}`,
      `after ${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}`,
    ]
      .filter(Boolean)
      .join(', ');
    // A refused token is the operator's to fix: say which variable and which scope, not DO's wording.
    const refused = tokenProblem(ctx.status, ctx.path);
    super('do_api_error', refused ?? `DigitalOcean ${ctx.method} ${ctx.path} failed: ${message} (${detail})`, { ...ctx, detail }, options);
    this.status = ctx.status;
    this.doErrorId = ctx.id;
    this.requestId = ctx.requestId;
    this.path = ctx.path;
  }
}

/** A resource kind the engine has no spec for. */
export class UnknownKindError extends ArcadiaError {
  constructor(kind: string, known: readonly string[], suggestion?: string) {
    super('unknown_kind', `Unknown resource kind "${kind}"${suggestion ? `; did you mean "${suggestion}"?` : '.'} Known kinds: ${known.join(', ')}`, { kind });
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
