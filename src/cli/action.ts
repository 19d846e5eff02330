import { ArcadiaError, ErrorCode } from '../errors.js';
import { logger } from '../logger.js';

/** Runs a command with the environment's config; known errors become one clear line, not a stack. */
export function action<A extends unknown[]>(run: (...args: A) => Promise<number>) {
  return async (...args: A) => {
    try {
      process.exitCode = await run(...args);
    } catch (err) {
      if (err instanceof ArcadiaError) {
        console.error(`arcadia: ${err.message}`);
        process.exitCode = err.code === ErrorCode.ConfigInvalid ? 2 : 1;
      } else {
        // The stack is for the log (shown with --verbose); the person gets one line.
        logger().debug({ err }, 'unexpected error');
        console.error(
          `arcadia: unexpected error: ${err instanceof Error ? err.message : String(err)} (run again with --verbose for details)`,
        );
        process.exitCode = 1;
      }
    }
  };
}

/** What `register…Commands` wraps each command's handler in. */
export type Action = typeof action;
