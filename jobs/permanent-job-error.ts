import { UnrecoverableError } from 'bullmq';
import { ArcadiaError, type ErrorCode } from '../src/errors.js';

/**
 * A job failure that another attempt would only repeat. BullMQ fails the job at once on an
 * UnrecoverableError; this one keeps the typed error it wraps, so listeners on the worker's
 * `failed` event read its fields (an invoice's line and problem, the scope a token lacks)
 * instead of parsing the message back.
 */
export class PermanentJobError extends UnrecoverableError {
  readonly code: ErrorCode;
  readonly context: Record<string, unknown>;

  constructor(readonly error: ArcadiaError) {
    super(error.message);
    this.code = error.code;
    this.context = error.context;
  }
}

/** What a processor throws for `err`: permanent typed errors become PermanentJobError, everything else is retried. */
export function forQueue(err: unknown): unknown {
  return err instanceof ArcadiaError && err.permanent ? new PermanentJobError(err) : err;
}

/** The error a processor raised, unwrapped from PermanentJobError. */
export function jobFailureCause(err: unknown): unknown {
  return err instanceof PermanentJobError ? err.error : err;
}
