import type { Config } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';

export { withDatabase } from './with-database.js';

// What a command decides is shown where Slack asked for it (an approval request updated): this module
// wires the commands to the runtime, Slack's side of it included, so the commands themselves stay apart from it.
export { approvalAnnouncer } from '../slack/approval-request.js';

/** Opens the shared connections for one command and closes them however it ends. */
export async function withRuntime<T>(config: Config, run: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(config);
  try {
    return await run(rt);
  } finally {
    await rt.close();
  }
}
