import type { Redis } from 'ioredis';

/**
 * True the first time a key is claimed within `ttlSeconds`, false after: Slack's event retries,
 * a file shared twice, or a monthly summary due in several running instances are handled once.
 */
export async function claimOnce(redis: Redis, key: string, ttlSeconds: number): Promise<boolean> {
  return (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
}
