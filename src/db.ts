import mongoose from 'mongoose';
import { redactUrl } from './config.js';
import { ServiceUnavailableError } from './errors.js';

/**
 * Connects mongoose and makes sure every model's indexes exist (the unique ones carry correctness).
 * An unreachable or refusing server becomes one clear error, with any password in the URI blanked.
 */
export async function connectDatabase(uri: string, options: { dbName?: string; timeoutMs?: number } = {}): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  try {
    await mongoose.connect(uri, {
      dbName: options.dbName,
      serverSelectionTimeoutMS: options.timeoutMs ?? 5000,
      // FerretDB and single-node servers have no replica set: plain writes, no retryable-write sessions.
      retryWrites: false,
    });
    await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
    return mongoose;
  } catch (err) {
    await mongoose.disconnect().catch(() => undefined);
    throw new ServiceUnavailableError(
      'MongoDB',
      redactUrl(uri),
      'Check MONGODB_URI and that the server is running (`npm run setup` installs one for development).',
      err,
    );
  }
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
