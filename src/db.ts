import mongoose from 'mongoose';
import { redactUrl } from './config.js';
import { ServiceUnavailableError } from './errors.js';
import { migrate } from './migrations.js';

/**
 * Connects mongoose and makes sure every model's indexes exist (the unique ones carry correctness).
 * An unreachable or refusing server becomes one clear error, with any password in the URI blanked.
 */
export async function connectDatabase(
  uri: string,
  options: { dbName?: string; timeoutMs?: number } = {},
): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  try {
    await mongoose.connect(uri, {
      dbName: options.dbName,
      serverSelectionTimeoutMS: options.timeoutMs ?? 5000,
      // retryWrites stays the driver's default (on): a replica set retries a write once across a
      // failover, and a standalone server or FerretDB, having no sessions for it, gets plain writes.
      // FerretDB's own limit (a pooled PostgreSQL connection per matched update statement of a
      // command) is met by WRITE_BATCH-sized commands and the pool size in its PostgreSQL URL (see
      // testkit/local-services.ts), not by driver options here.
    });
    await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  } catch (err) {
    await mongoose.disconnect().catch(() => undefined);
    throw new ServiceUnavailableError(
      'MongoDB',
      redactUrl(uri),
      'Check MONGODB_URI and that the server is running (`npm run setup` installs one for development).',
      err,
    );
  }
  // Outside the catch: a failed migration is not an unreachable server, and says what it is. The
  // connection is closed, or it would keep a failed process alive.
  try {
    await migrate();
  } catch (err) {
    await mongoose.disconnect().catch(() => undefined);
    throw err;
  }
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
