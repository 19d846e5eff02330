import type { Redis } from 'ioredis';

/** One window per person: the first counted command starts it, and it ends `windowMs` later. */
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * How often one Slack user may run the expensive `/cloud` subcommands: `perMinute` in a fixed
 * window kept in Redis, so every receiver process counts the same runs.
 */
export class CommandRateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly perMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one run by `user`; over the limit, says how many seconds until the window ends (the run is not done). */
  async take(user: string): Promise<{ allowed: true } | { allowed: false; retryInS: number }> {
    const [count, ttlMs] = (await this.redis.eval(
      TAKE,
      1,
      `${this.prefix}:slack:command-limit:${user}`,
      String(this.windowMs),
    )) as [number, number];
    if (count <= this.perMinute) return { allowed: true };
    return { allowed: false, retryInS: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }
}
