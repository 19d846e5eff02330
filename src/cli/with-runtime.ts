import type { Config } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';

/** Opens the shared connections for one command and closes them however it ends. */
export async function withRuntime<T>(config: Config, run: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(config);
  try {
    return await run(rt);
  } finally {
    await rt.close();
  }
}
