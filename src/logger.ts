import { pino, destination, type DestinationStream, type Logger } from 'pino';
import { SECRET_SETTINGS } from './config.js';

/**
 * One logger for the process. Anything that looks like a credential is blanked by path,
 * so a token can't leak through a logged config, request or error object.
 */
const REDACT = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  // A logged config, or anything carrying a secret setting by name.
  ...SECRET_SETTINGS.flatMap((name) => [name, `*.${name}`]),
  'secretAccessKey',
  '*.secretAccessKey',
];

let root: Logger | undefined;

export function createLogger(level = process.env.ARCADIA_LOG_LEVEL ?? 'info', sink?: DestinationStream): Logger {
  const options = { level, base: { app: 'arcadia' }, redact: { paths: REDACT, censor: '[redacted]' } };
  return sink ? pino(options, sink) : pino(options, destination(2));
}

/** The process-wide logger (to stderr, so `--json` output on stdout stays clean). */
export function logger(): Logger {
  root ??= createLogger();
  return root;
}

export function setLogger(next: Logger): void {
  root = next;
}

/** What a job's logger needs of a BullMQ job. */
interface LoggedJob {
  id?: string;
  queueName: string;
  data: unknown;
}

/**
 * A job's logger: every line names its queue and job id, and the Slack request that asked for the
 * job (`requestId`, carried in the payload's `replyTo`) when one did, so one command can be
 * followed from the receiver's lines to the worker's.
 */
export function jobLogger(log: Logger, job: LoggedJob): Logger {
  const requestId = (job.data as { replyTo?: { requestId?: unknown } } | null | undefined)?.replyTo?.requestId;
  return log.child({
    queue: job.queueName,
    jobId: job.id,
    ...(typeof requestId === 'string' ? { requestId } : {}),
  });
}
