import type { Config } from '../config.js';
import { connectDatabase, disconnectDatabase } from '../db.js';

/**
 * MongoDB alone, for commands that only read stored data (they work while Redis is down); apart from
 * with-runtime.ts so that a read loads neither Redis, the queues nor Slack's side.
 */
export async function withDatabase<T>(config: Config, run: () => Promise<T>): Promise<T> {
  await connectDatabase(config.MONGODB_URI);
  try {
    return await run();
  } finally {
    await disconnectDatabase();
  }
}
