import { ArcadiaError, ErrorCode } from '../errors.js';

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
        const { logger } = await import('../logger.js');
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

/**
 * Handlers by name from a module loaded only when one of them runs: a command group's definitions
 * (names, arguments, options, help) stay light, so `--help` and every other command skip its imports.
 */
export function lazyHandlers<T extends object>(load: () => Promise<T>) {
  return (name: keyof T & string) =>
    async (...args: unknown[]): Promise<number> => {
      const handlers = (await load()) as Record<string, (...a: unknown[]) => Promise<number>>;
      return handlers[name]!(...args);
    };
}
