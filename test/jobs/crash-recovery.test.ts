import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { Resource } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../../testkit/digitalocean/account.js';
import { enqueueSync } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { isolation, silentLog, testConfig, testEnv, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';
import { startCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

const iso = isolation();
useDatabase(iso);
const standin = useDoStandin(new DoStandin(generatedAccount({ droplets: 450 })));
const redisConnection = useRedis();

/** Resolves once `n` droplets are stored. */
async function storedDroplets(n: number): Promise<void> {
  await waitFor(async () => (await Resource.countDocuments({ kind: 'droplet' })) >= n, `${n} stored droplets`);
  expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(n);
}

describe('a worker killed mid-sync', () => {
  it('leaves a job that a fresh worker completes with the counts of an uninterrupted run', async () => {
    const env = testEnv(iso, {
      DIGITALOCEAN_TOKEN: standin.token,
      DIGITALOCEAN_API_URL: standin.url,
      ARCADIA_JOB_LOCK_MS: '1000',
    });
    const settings = { connection: redisConnection(), prefix: iso.prefix };
    const queue = syncQueue(settings);
    const events = syncQueueEvents(settings);
    await events.waitUntilReady();

    // Page 2 hangs, so the worker is mid-listing (page 1 stored) when it is killed.
    standin.inject({ path: '/v2/droplets', page: 2, delayMs: 600_000, times: 1 });
    const job = await enqueueSync(queue, 'droplet');
    const pageTwo = standin.waitForRequest('/v2/droplets', 2);
    const child = startCli(['worker', '--no-schedule'], env);
    await pageTwo;
    // Page 2 is asked for while page 1 is still being written (the listing reads ahead): kill once it is in.
    await storedDroplets(200);
    child.kill('SIGKILL');
    await once(child, 'exit');
    standin.clearFaults();

    const config = testConfig(iso, {
      DIGITALOCEAN_TOKEN: standin.token,
      DIGITALOCEAN_API_URL: standin.url,
      ARCADIA_JOB_LOCK_MS: '1000',
    });
    const worker = createSyncWorker({
      queue: settings,
      config,
      client: new DoClient({ token: standin.token, baseUrl: standin.url }),
      log: silentLog,
    });
    try {
      const result = await job.waitUntilFinished(events);
      expect(result).toMatchObject({
        status: 'succeeded',
        listed: 450,
        created: 450,
        updated: 0,
        unchanged: 0,
        markedStale: 0,
      });
      expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(450);
      expect(await SyncRun.countDocuments({ runId: String(job.id) })).toBe(1);
      expect(await SyncRun.findOne({ runId: String(job.id) }).lean()).toMatchObject({
        status: 'succeeded',
        created: 450,
      });
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  });

  it('survives being taken over twice: two killed workers, and the third finishes the same run', async () => {
    await Resource.deleteMany({});
    const prefix = `${iso.prefix}-twice`;
    const extra = { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url, ARCADIA_JOB_LOCK_MS: '1000' };
    const env = testEnv({ ...iso, prefix }, extra);
    const settings = { connection: redisConnection(), prefix };
    const queue = syncQueue(settings);
    const events = syncQueueEvents(settings);
    await events.waitUntilReady();

    /** Starts `arcadia worker`, waits until it asks for the page that hangs, and kills it there. */
    const killAt = async (page: number) => {
      standin.inject({ path: '/v2/droplets', page, delayMs: 600_000, times: 1 });
      const hanging = standin.waitForRequest('/v2/droplets', page);
      const child = startCli(['worker', '--no-schedule'], env);
      await hanging;
      await storedDroplets((page - 1) * 200);
      child.kill('SIGKILL');
      await once(child, 'exit');
      standin.clearFaults();
    };

    const job = await enqueueSync(queue, 'droplet');
    await killAt(2);
    // The second worker takes the stalled job over, re-lists from page 1, and dies at page 3.
    await killAt(3);
    expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(400);

    const config = testConfig({ ...iso, prefix }, extra);
    const worker = createSyncWorker({
      queue: settings,
      config,
      client: new DoClient({ token: standin.token, baseUrl: standin.url }),
      log: silentLog,
    });
    try {
      expect(await job.waitUntilFinished(events)).toMatchObject({
        status: 'succeeded',
        listed: 450,
        created: 450,
        updated: 0,
        unchanged: 0,
        markedStale: 0,
      });
      expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(450);
      expect(await SyncRun.countDocuments({ runId: String(job.id) })).toBe(1);
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  });
});
