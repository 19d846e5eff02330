import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/sync/read-ahead.js';

/** A source that records how far ahead it has been asked, and may fail at one item. */
function source(count: number, failAt?: number) {
  const log = { requested: 0, closed: false };
  async function* gen() {
    try {
      for (let i = 0; i < count; i += 1) {
        log.requested = i + 1;
        await Promise.resolve();
        if (i === failAt) throw new Error(`page ${i} failed`);
        yield i;
      }
    } finally {
      log.closed = true;
    }
  }
  return { log, items: gen() };
}

describe('readAhead', () => {
  it('yields every item in order', async () => {
    const { items } = source(10);
    const seen: number[] = [];
    for await (const i of readAhead(items, 3)) seen.push(i);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('asks for at most `depth` items ahead of the consumer', async () => {
    const { items, log } = source(100);
    const it = readAhead(items, 4)[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(0);
    // Let every queued request settle: the source was asked for the item in hand plus 3 more at most.
    for (let i = 0; i < 20; i += 1) await Promise.resolve();
    expect(log.requested).toBeLessThanOrEqual(4);
    expect(log.requested).toBeGreaterThan(1);
    await it.return(undefined);
    expect(log.closed).toBe(true);
  });

  it('raises a failed item at its turn, after the ones before it', async () => {
    const { items } = source(10, 5);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const i of readAhead(items, 3)) seen.push(i);
      })(),
    ).rejects.toThrow('page 5 failed');
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});
