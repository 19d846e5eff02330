import { Redis } from 'ioredis';
import { redactUrl } from './config.js';
import { ServiceUnavailableError } from './errors.js';

/**
 * The one place Redis connections are made. BullMQ workers need `maxRetriesPerRequest: null`
 * so a Redis restart pauses them instead of failing their commands.
 */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** Fails fast, with a clear message, when Redis is not there at start-up. */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  // The socket's own error (ECONNREFUSED...) is the cause worth showing; connect() only rejects with
  // "Connection is closed". Listening also keeps ioredis from printing "Unhandled error event".
  let cause: unknown;
  probe.on('error', (err: unknown) => (cause ??= err));
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new ServiceUnavailableError(
      'Redis',
      redactUrl(url),
      'Check REDIS_URL and that redis-server is running (`npm run setup` installs it).',
      cause ?? err,
    );
  } finally {
    probe.disconnect();
  }
}
