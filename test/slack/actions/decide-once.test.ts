import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decideOnce, DecisionTakenError } from '../../../src/saga/decide-once.js';
import { useRedis } from '../../helpers/context.js';

const redis = useRedis();
const deps = () => ({ redis: redis(), prefix: `decide-${randomUUID()}` });
const held = (d: { prefix: string }, key: string) => `${d.prefix}:slack:decision:${key}`;

describe('decideOnce: one decision at a time, in Redis', () => {
  it('turns a decision away while another holds the claim, and runs nothing', async () => {
    const d = deps();
    await d.redis.set(held(d, 'saga-approval-1'), '1');
    let ran = false;
    const err = await decideOnce(d, 'saga-approval-1', 'the approval of saga 1', async () => (ran = true)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DecisionTakenError);
    expect((err as DecisionTakenError).sentence).toBe(
      'Nothing changed: another click on the approval of saga 1 was first.',
    );
    expect(ran).toBe(false);
  });

  it('with waitMs, waits for a short hold to end and then decides, releasing the claim after', async () => {
    const d = deps();
    const key = held(d, 'saga-approval-2');
    await d.redis.set(key, '1');
    const decided = decideOnce(d, 'saga-approval-2', 'the approval of saga 2', async () => 'approved', {
      waitMs: 10_000,
    });
    // The holder (a request's recorder, say) finishes while the decision waits.
    await d.redis.del(key);
    await expect(decided).resolves.toBe('approved');
    expect(await d.redis.exists(key)).toBe(0);
  });
});
