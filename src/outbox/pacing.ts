import type { Redis } from 'ioredis';

/** Slack's posting limit is about one message per second per channel. */
export const PER_CHANNEL_INTERVAL_MS = 1000;

/**
 * Reserves the next free posting slot of a channel: slots are `interval` apart, handed out in
 * enqueue order, so messages to one channel keep their order and never burst past Slack's limit.
 */
const RESERVE_SLOT = `
local now = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
redis.call('SET', KEYS[1], slot + gap, 'PX', slot - now + gap + 60000)
return slot`;

/** How long a message to `channel` waits for its slot, from `now`. */
export async function waitForSlot(
  redis: Redis,
  prefix: string,
  channel: string,
  intervalMs: number,
  now: number,
): Promise<number> {
  const slot = Number(
    await redis.eval(RESERVE_SLOT, 1, `${prefix}:slack:pace:${channel}`, String(now), String(intervalMs)),
  );
  return Math.max(0, slot - now);
}
