import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount, makeDroplet } from '../../testkit/digitalocean/account.js';
import { runSync } from '../../src/sync/engine.js';
import { droplet } from '../../src/sync/kinds/index.js';
import { DoApiError } from '../../src/errors.js';
import { isolation, silentLog, testConfig, useDatabase } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const standin = new DoStandin();
const config = testConfig(iso);
let run = 0;

function sync(extra: { force?: boolean; runId?: string } = {}) {
  const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 2 });
  return runSync({
    spec: droplet,
    client,
    config,
    runId: extra.runId ?? `run-${++run}`,
    log: silentLog,
    force: extra.force,
  });
}

beforeAll(() => standin.start());
afterAll(() => standin.stop());
beforeEach(async () => {
  await Resource.deleteMany({});
  await SyncRun.deleteMany({});
  standin.clearFaults();
  standin.resetCounts();
  standin.account = generatedAccount({ droplets: 450, gpuDroplets: 2 });
});

describe('sync engine: droplets', () => {
  it('lists 450 droplets in 3 page requests plus one for GPU droplets, and stores each once', async () => {
    const result = await sync();
    expect(result).toMatchObject({
      status: 'succeeded',
      listed: 452,
      created: 452,
      updated: 0,
      unchanged: 0,
      markedStale: 0,
      apiCalls: 4,
    });
    expect(standin.requestCount('/v2/droplets')).toBe(4);
    expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(452);
    const gpu = await Resource.findOne({ providerId: '100000450' }).lean();
    expect(gpu?.attrs).toMatchObject({ gpu: true, size_slug: 'gpu-h100x1-80gb' });
  });

  it('counts created, updated and unchanged on a second sync, without rewriting unchanged ones', async () => {
    await sync();
    const before = await Resource.findOne({ providerId: '100000001' }).lean();
    standin.account.droplets[0] = makeDroplet(100_000_000, { status: 'off' });
    standin.account.droplets.push(makeDroplet(200_000_000));
    const second = await sync();
    expect(second).toMatchObject({ listed: 453, created: 1, updated: 1, unchanged: 451, markedStale: 0, revived: 0 });
    const after = await Resource.findOne({ providerId: '100000001' }).lean();
    expect(after?.fingerprint).toBe(before?.fingerprint);
    expect(after?.changedSyncRunId ?? null).toBeNull();
    // Unchanged: not rewritten at all.
    expect(after?.lastSyncRunId).toBe(before?.lastSyncRunId);
    expect((await Resource.findOne({ providerId: '100000000' }).lean())?.status).toBe('off');
  });

  it('marks deleted droplets stale (kept, not deleted) and revives them when they return', async () => {
    await sync();
    const removed = standin.account.droplets.splice(0, 10);
    const second = await sync();
    expect(second).toMatchObject({ markedStale: 10, revived: 0, listed: 442 });
    expect(second.newlyStale.map((r) => r.providerId).sort()).toEqual(removed.map((d) => String(d.id)).sort());
    const gone = await Resource.findOne({ providerId: String(removed[0]!.id) }).lean();
    expect(gone).toMatchObject({ stale: true });
    expect(gone?.staleSince).toBeInstanceOf(Date);
    expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(452);

    // A third sync while they are still gone marks nothing new and keeps staleSince.
    const third = await sync();
    expect(third.markedStale).toBe(0);
    expect((await Resource.findOne({ providerId: String(removed[0]!.id) }).lean())?.staleSince).toEqual(
      gone?.staleSince,
    );

    standin.account.droplets.push(...removed.slice(0, 4));
    const fourth = await sync();
    expect(fourth).toMatchObject({ revived: 4, markedStale: 0, created: 0 });
    expect(fourth.newlyRevived).toHaveLength(4);
    expect(await Resource.countDocuments({ kind: 'droplet', stale: true })).toBe(6);
  });

  it('fails the run and marks nothing stale when page 2 keeps answering 500', async () => {
    await sync();
    standin.account.droplets.splice(0, 5);
    standin.inject({ path: '/v2/droplets', page: 2, status: 500 });
    const err = await sync({ runId: 'failing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DoApiError);
    expect(await Resource.countDocuments({ stale: true })).toBe(0);
    const record = await SyncRun.findOne({ runId: 'failing' }).lean();
    expect(record).toMatchObject({ status: 'failed', markedStale: 0 });
    expect(record?.error).toMatch(/HTTP 500/);
  });

  it('completes through 429s and transient 500s', async () => {
    standin.inject({ path: '/v2/droplets', page: 2, status: 429, retryAfter: 0, times: 1 });
    standin.inject({ path: '/v2/droplets', page: 3, status: 503, times: 1 });
    const result = await sync();
    expect(result).toMatchObject({ status: 'succeeded', listed: 452, apiCalls: 6 });
  });

  it('guards against an outage that looks like mass deletion: marks nothing and flags the run', async () => {
    await sync();
    standin.account.droplets = standin.account.droplets.slice(0, 100);
    const result = await sync();
    expect(result.status).toBe('suspicious');
    expect(result.markedStale).toBe(0);
    expect(result.error).toMatch(/would mark 350 of 452 droplet\(s\) stale/);
    expect(await Resource.countDocuments({ stale: true })).toBe(0);
    const forced = await sync({ force: true });
    expect(forced).toMatchObject({ status: 'succeeded', markedStale: 350 });
  });

  it('skips an object it cannot read, logs it, and still syncs the rest', async () => {
    standin.account.droplets.push({ name: 'no-id' });
    const result = await sync();
    expect(result).toMatchObject({ status: 'succeeded', listed: 452, skipped: 1 });
  });

  it('a retried run (same run id) reports what an uninterrupted run would, and doubles nothing', async () => {
    await sync();
    standin.account.droplets.splice(0, 3);
    standin.account.droplets.push(makeDroplet(300_000_000), makeDroplet(300_000_001));
    // First attempt dies on page 3, after pages 1-2 were stored.
    standin.inject({ path: '/v2/droplets', page: 3, status: 500 });
    await expect(sync({ runId: 'job-42' })).rejects.toThrow();
    standin.clearFaults();
    const retried = await sync({ runId: 'job-42' });
    expect(retried).toMatchObject({
      status: 'succeeded',
      listed: 451,
      created: 2,
      updated: 0,
      unchanged: 449,
      markedStale: 3,
    });
    expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(454);
    expect(await SyncRun.countDocuments({ runId: 'job-42' })).toBe(1);
  });
});

const staleIds = async () =>
  (await Resource.find({ kind: 'droplet', stale: true }, { providerId: 1 }).lean()).map((r) => r.providerId).sort();

describe('sync engine: a listing with gaps marks nothing stale', () => {
  beforeEach(() => void (standin.account = generatedAccount({ droplets: 450 })));

  it('an object it cannot read keeps the run from marking anything stale, its own stored copy included', async () => {
    await sync();
    const deleted = standin.account.droplets.splice(0, 3).map((d) => String(d.id));
    // DO changing a field's type is what a normalizer cannot read: the id is no longer a number.
    const unreadable = standin.account.droplets[250]!;
    standin.account.droplets[250] = { ...unreadable, id: { value: unreadable.id } };

    const result = await sync({ force: true });
    expect(result).toMatchObject({ status: 'suspicious', listed: 446, skipped: 1, markedStale: 0, newlyStale: [] });
    expect(result.error).toMatch(
      /listing was incomplete \(1 droplet\(s\) DO listed could not be read.*none of the 4 droplet\(s\) it did not contain was marked stale/,
    );
    expect(await staleIds()).toEqual([]);
    const record = await SyncRun.findOne({ runId: result.runId }).lean();
    expect(record).toMatchObject({
      status: 'suspicious',
      markedStale: 0,
      error: result.error,
      listingCompletedAt: null,
    });
    expect(record?.notes).toContainEqual(
      expect.stringMatching(/^listing incomplete, so nothing was marked stale: 1 droplet\(s\)/),
    );

    // Once it reads again, the next listing is complete: only the deleted ones go stale.
    standin.account.droplets[250] = unreadable;
    const next = await sync();
    expect(next).toMatchObject({ status: 'succeeded', markedStale: 3 });
    expect(await staleIds()).toEqual(deleted.sort());
  });

  it("a listing shorter than DO's meta.total (one deleted while paging shifts the next page) marks nothing stale and says why", async () => {
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
