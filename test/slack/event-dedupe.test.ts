import { describe, expect, it } from 'vitest';
import { claimOnce } from '../../src/claim-once.js';
import { eventDedupe } from '../../src/slack/event-dedupe.js';
import { createLogger } from '../../src/logger.js';
import { isolation, useRedis } from '../helpers/context.js';

const { prefix } = isolation();
const redis = useRedis();

type Middleware = ReturnType<typeof eventDedupe>;

/** Runs the middleware on one delivery (only what it reads: the body, the retry number, next); true when it passed the delivery on. */
async function deliver(middleware: Middleware, body: Record<string, unknown>, retryNum?: number): Promise<boolean> {
  let passed = false;
  await middleware({
    body,
    context: { retryNum },
    next: async () => void (passed = true),
  } as unknown as Parameters<Middleware>[0]);
  return passed;
}

describe('eventDedupe', () => {
  it('handles an event once, and drops the retries of it, logging each', async () => {
    const lines: string[] = [];
    const dedupe = eventDedupe(redis(), prefix, createLogger('info', { write: (l: string) => void lines.push(l) }));
    expect(await deliver(dedupe, { event_id: 'Ev01' })).toBe(true);
    expect(await deliver(dedupe, { event_id: 'Ev01' }, 1)).toBe(false);
    expect(await deliver(dedupe, { event_id: 'Ev01' }, 2)).toBe(false);
    expect(await deliver(dedupe, { event_id: 'Ev02' })).toBe(true);
    const dropped = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'duplicate Slack event ignored');
    expect(dropped.map((l) => [l.eventId, l.retryNum])).toEqual([
      ['Ev01', 1],
      ['Ev01', 2],
    ]);
  });

  it('processes a retry that is the only copy to arrive', async () => {
    const dedupe = eventDedupe(redis(), prefix, createLogger('silent'));
    expect(await deliver(dedupe, { event_id: 'Ev-lost-first' }, 1)).toBe(true);
  });

  it('passes on what is not an Events API delivery (commands, actions) every time', async () => {
    const dedupe = eventDedupe(redis(), prefix, createLogger('silent'));
    expect(await deliver(dedupe, { command: '/cloud' })).toBe(true);
    expect(await deliver(dedupe, { command: '/cloud' })).toBe(true);
  });

  it('keeps the ids under its prefix, expiring, so other deployments on the Redis are not affected', async () => {
    const other = eventDedupe(redis(), `${prefix}-other`, createLogger('silent'));
    const mine = eventDedupe(redis(), prefix, createLogger('silent'));
    expect(await deliver(mine, { event_id: 'Ev03' })).toBe(true);
    expect(await deliver(other, { event_id: 'Ev03' })).toBe(true);
    const ttl = await redis().ttl(`${prefix}:slack:event:Ev03`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600);
  });
});

describe('claimOnce', () => {
  it('is true for the first claim of a key only, until it expires', async () => {
    const key = `${prefix}:claim:monthly-summary:2025-06`;
    expect(await claimOnce(redis(), key, 60)).toBe(true);
    expect(await claimOnce(redis(), key, 60)).toBe(false);
    await redis().del(key);
    expect(await claimOnce(redis(), key, 60)).toBe(true);
  });
});
