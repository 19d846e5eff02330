import { describe, expect, it } from 'vitest';
import { inventory } from '../../commands/inventory.js';
import { stale } from '../../commands/stale.js';
import { commandDeps, emptyQueries, invocation } from '../helpers/bolt.js';

describe('/cloud inventory and /cloud stale', () => {
  it('take nothing or one registered kind', () => {
    for (const sub of [inventory, stale]) {
      expect(sub.schema.parse('')).toBeUndefined();
      expect(sub.schema.parse(' Volume ')).toBe('volume');
      expect(sub.schema.safeParse('volume droplet').error?.issues[0]?.message).toBe(
        'Expected at most one kind, got "volume droplet".',
      );
    }
  });

  it('inventory asks for the kind given and shows its counts', async () => {
    const asked: (string | undefined)[] = [];
    const deps = commandDeps(
      {},
      {
        queries: {
          ...emptyQueries,
          inventory: async (kind) => (asked.push(kind), [{ kind: 'volume', live: 7, stale: 2, lastSyncAt: null }]),
        },
      },
    );
    const reply = await inventory.handle(invocation('volume' as const), deps);
    expect(asked).toEqual(['volume']);
    expect(reply.text).toMatch(/7/);
  });

  it('stale lists what is gone', async () => {
    const deps = commandDeps(
      {},
      {
        queries: {
          ...emptyQueries,
          stale: async () => ({
            items: [
              { kind: 'volume', providerId: 'v-1', name: 'old-data', staleSince: new Date('2025-06-01T00:00:00Z') },
            ],
            total: 1,
            removedBySaga: 0,
          }),
        },
      },
    );
    const reply = await stale.handle(invocation(undefined), deps);
    expect(JSON.stringify(reply)).toContain('old-data');
  });
});
