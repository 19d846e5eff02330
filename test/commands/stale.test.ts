import { describe, expect, it } from 'vitest';
import { Resource, resourceKey } from '../../models/resource.js';
import { stale } from '../../commands/stale.js';
import { mongoInventoryQueries } from '../../src/slack/queries.js';
import { staleCsv } from '../../src/slack/blocks/stale.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { commandDeps, invocation } from '../helpers/bolt.js';
import { isolation } from '../helpers/context.js';
import { kindHarness } from '../sync/kinds/harness.js';

const h = kindHarness(isolation());

describe('/cloud stale and what sagas removed', () => {
  it('leaves out resources a saga deleted during teardown, counting them in a line without actions', async () => {
    await h.reset();
    await h.sync(kindSpec('droplet'));
    const [torn, lost] = h.standin.account.droplets.splice(0, 2);
    await h.sync(kindSpec('droplet'));
    // As the saga engine records a deletion it made (src/saga/engine.ts).
    await Resource.updateOne(
      { _id: resourceKey('droplet', String(torn!.id)) },
      { $set: { removedBySaga: 'saga-teardown-1', removedAt: new Date() } },
    );

    const read = await mongoInventoryQueries.stale(undefined, 10);
    expect(read.items.map((r) => r.providerId)).toEqual([String(lost!.id)]);
    expect(read).toMatchObject({ total: 1, removedBySaga: 1 });
    // The whole list sent as a file leaves it out too.
    expect(staleCsv((await mongoInventoryQueries.stale()).items).content).not.toContain(String(torn!.id));

    const reply = await stale.handle(invocation(undefined), commandDeps({}, { queries: mongoInventoryQueries }));
    const shown = JSON.stringify(reply.blocks);
    expect(reply.text).toMatch(/^1 stale resource/);
    expect(shown).toContain(String(lost!.name));
    expect(shown).not.toContain(`\`${String(torn!.id)}\``);
    expect(shown).toContain(`\`${String(lost!.id)}\``);
    expect(shown).toContain("1 more resource gone because a saga's teardown deleted it: not listed, nothing to do.");
    expect(reply.blocks.some((b) => b.type === 'actions')).toBe(false);

    // Only ones a saga removed: nothing stale to chase, and the line says why the count is not zero.
    await Resource.updateOne(
      { _id: resourceKey('droplet', String(lost!.id)) },
      { $set: { removedBySaga: 'saga-teardown-1', removedAt: new Date() } },
    );
    const none = await stale.handle(invocation('droplet'), commandDeps({}, { queries: mongoInventoryQueries }));
    expect(none.text).toMatch(/^No stale droplet resources/);
    expect(JSON.stringify(none.blocks)).toContain('2 more resources gone because a saga');
  });
});
