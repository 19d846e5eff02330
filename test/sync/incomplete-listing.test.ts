import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../../testkit/digitalocean/account.js';
import { runSync } from '../../src/sync/engine.js';
import { droplet } from '../../src/sync/kinds/index.js';
import { isolation, silentLog, testConfig, useDatabase } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const standin = new DoStandin();
const config = testConfig(iso);
let run = 0;

function sync(extra: { force?: boolean } = {}) {
  const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 2 });
  return runSync({ spec: droplet, client, config, runId: `gap-run-${++run}`, log: silentLog, force: extra.force });
}

const staleIds = async () => (await Resource.find({ kind: 'droplet', stale: true }, { providerId: 1 }).lean()).map((r) => r.providerId).sort();

beforeAll(() => standin.start());
afterAll(() => standin.stop());
beforeEach(async () => {
  await Resource.deleteMany({});
  await SyncRun.deleteMany({});
  standin.clearFaults();
  standin.account = generatedAccount({ droplets: 450 });
});

describe('sync engine: a listing with gaps marks nothing stale', () => {
  it('an object it cannot read keeps the run from marking anything stale, its own stored copy included', async () => {
    await sync();
    const deleted = standin.account.droplets.splice(0, 3).map((d) => String(d.id));
    // DO changing a field's type is what a normalizer cannot read: the id is no longer a number.
    const unreadable = standin.account.droplets[250]!;
    standin.account.droplets[250] = { ...unreadable, id: { value: unreadable.id } };

    const result = await sync({ force: true });
    expect(result).toMatchObject({ status: 'suspicious', listed: 446, skipped: 1, markedStale: 0, newlyStale: [] });
    expect(result.error).toMatch(/listing was incomplete \(1 droplet\(s\) DO listed could not be read.*none of the 4 droplet\(s\) it did not contain was marked stale/);
    expect(await staleIds()).toEqual([]);
    const record = await SyncRun.findOne({ runId: result.runId }).lean();
    expect(record).toMatchObject({ status: 'suspicious', markedStale: 0, error: result.error, listingCompletedAt: null });
    expect(record?.notes).toContainEqual(expect.stringMatching(/^listing incomplete, so nothing was marked stale: 1 droplet\(s\)/));

    // Once it reads again, the next listing is complete: only the deleted ones go stale.
    standin.account.droplets[250] = unreadable;
    const next = await sync();
    expect(next).toMatchObject({ status: 'succeeded', markedStale: 3 });
    expect(await staleIds()).toEqual(deleted.sort());
  });

  it('a listing shorter than DO\'s meta.total (one deleted while paging shifts the next page) marks nothing stale and says why', async () => {
    await sync();
    // Page 1 (200 of 450) is served, then the first droplet is deleted: DO pages by offset, so page 2
    // starts one further on and the 201st droplet, still live, is listed by no page.
    const first = String(standin.account.droplets[0]!.id);
    const skippedOver = String(standin.account.droplets[200]!.id);
    const deleteFirst = (req: { path: string; page: number }) => {
      if (req.path === '/v2/droplets' && req.page === 2) standin.account.droplets.shift();
    };
    standin.onRequest(deleteFirst);
    let result;
    try {
      result = await sync();
    } finally {
      standin.removeListener(deleteFirst);
    }
    expect(result).toMatchObject({ status: 'suspicious', listed: 449, reportedTotal: 450, markedStale: 0 });
    expect(result.error).toMatch(/listing was incomplete \(DO reported 450 droplet\(s\) but 449 were listed/);
    expect(await staleIds()).toEqual([]);
    expect(await Resource.countDocuments({ providerId: skippedOver, stale: false })).toBe(1);
    const record = await SyncRun.findOne({ runId: result.runId }).lean();
    expect(record).toMatchObject({ status: 'suspicious', error: result.error, markedStale: 0 });

    const next = await sync();
    expect(next).toMatchObject({ status: 'succeeded', listed: 449, markedStale: 1 });
    expect(await staleIds()).toEqual([first]);
  });
});
