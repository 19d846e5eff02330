import type { Config } from '../config.js';
import { openDatabase, openRuntime, type Runtime } from '../runtime.js';

/** Opens the shared connections for one command and closes them however it ends. */
export async function withRuntime<T>(config: Config, run: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(config);
  try {
    return await run(rt);
  } finally {
    await rt.close();
  }
}

/** MongoDB alone, for commands that only read stored data (they work while Redis is down). */
export async function withDatabase<T>(config: Config, run: () => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    return await run();
  } finally {
    await db.close();
  }
}
