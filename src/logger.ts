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
