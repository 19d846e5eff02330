import type { Config } from '../config.js';

/** `arcadia forecast accuracy PERIOD`. */
export async function accuracyAction(_config: Config, _period: string, _opts: { json?: boolean }): Promise<number> {
  await Promise.resolve();
  return 0;
}
