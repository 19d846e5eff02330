import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { Resource } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../../testkit/digitalocean/account.js';
import { connectDatabase, disconnectDatabase } from '../../src/db.js';
import { scratchRoot, startMongo, startRedis, type ServerHandle } from '../../testkit/local-services.js';
import { enqueueSync } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { startScheduler, tickJobId } from '../../jobs/schedule.js';
import { createLogger } from '../../src/logger.js';
import { loadConfig, type Config } from '../../src/config.js';
import { silentLog } from '../helpers/context.js';
import { waitFor } from '../helpers/wait-for.js';

// These tests restart servers, so they start their own instead of sharing the suite's.
const dir = mkdtempSync(join(scratchRoot(), 'arcadia-restart-'));
const standin = new DoStandin(generatedAccount({ droplets: 300 }));
let redis: ServerHandle;
let mongo: ServerHandle;

beforeAll(async () => {
  mkdirSync(join(dir, 'redis'));
  mkdirSync(join(dir, 'mongo'));
  [redis, mongo] = await Promise.all([startRedis(join(dir, 'redis')), startMongo(join(dir, 'mongo'))]);
  await standin.start();
  await connectDatabase(`${mongo.url}arcadia_restarts`);
});
afterAll(async () => {
  await disconnectDatabase();
  await standin.stop();
  await Promise.all([redis.stop(), mongo.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

function setup(prefix: string) {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const settings = { connection, prefix };
  const config = loadConfig({
    REDIS_URL: redis.url,
    MONGODB_URI: `${mongo.url}arcadia_restarts`,
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_DO_RETRY_BASE_MS: '1',
    ARCADIA_SYNC_RETRY_DELAY_MS: '0',
  });
  const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 });
  return { connection, settings, config, client, queue: syncQueue(settings), events: syncQueueEvents(settings) };
}

describe('server restarts', () => {
  it('Redis restarted under a running worker: it reconnects and queued jobs are not lost', async () => {
    const s = setup('restart-redis');
    await s.events.waitUntilReady();
    const worker = createSyncWorker({ queue: s.settings, config: s.config, client: s.client, log: silentLog });
    try {
      const first = await enqueueSync(s.queue, 'droplet');
      expect(await first.waitUntilFinished(s.events)).toMatchObject({ status: 'succeeded', created: 300 });

      // A job queued while nothing consumes it survives the restart (Redis persists it).
      await s.queue.pause();
      const queued = await enqueueSync(s.queue, 'domain');
      await redis.restart();
      await s.queue.resume();
      expect(await queued.waitUntilFinished(s.events)).toMatchObject({ status: 'succeeded', kind: 'domain' });

      // The worker that lived through the restart still takes new work.
      const after = await enqueueSync(s.queue, 'droplet');
      expect(await after.waitUntilFinished(s.events)).toMatchObject({ status: 'succeeded', unchanged: 300 });
    } finally {
      await worker.close();
      await s.events.close();
      await s.queue.close();
      s.connection.disconnect();
    }
  });

  it('MongoDB-wire server restarted mid-sync: the run fails or survives cleanly, and the job ends with every resource once', async () => {
    await Resource.deleteMany({});
    const s = setup('restart-mongo');
    await s.events.waitUntilReady();
    const worker = createSyncWorker({ queue: s.settings, config: s.config, client: s.client, log: silentLog });
    try {
      standin.account = generatedAccount({ droplets: 450 });
      standin.inject({ path: '/v2/droplets', page: 2, delayMs: 300, times: 1 });
      const job = await enqueueSync(s.queue, 'droplet', { attempts: 3, retryDelayMs: 0 });
      await standin.waitForRequest('/v2/droplets', 2);
      await mongo.restart();
      expect(await job.waitUntilFinished(s.events)).toMatchObject({ status: 'succeeded', listed: 450, created: 450 });
      expect(mongoose.connection.readyState).toBe(1);
      expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(450);
      expect(await SyncRun.countDocuments({ runId: String(job.id) })).toBe(1);
    } finally {
      await worker.close();
      await s.events.close();
      await s.queue.close();
      s.connection.disconnect();
    }
  });

  it('Redis restarted under the scheduler: the next ticks still enqueue their syncs', async () => {
    const s = setup('restart-scheduler');
    type Entry = { msg: string; time: number; tick?: string };
    const logged: Entry[] = [];
    const log = createLogger('info', { write: (line: string) => void logged.push(JSON.parse(line) as Entry) });
    // Every second, so the test sees ticks on both sides of the restart without waiting minutes.
    const config: Config = {
      ...s.config,
      ARCADIA_SYNC_SCHEDULE: '* * * * * *',
      ARCADIA_SNAPSHOT_SCHEDULE: '0 0 1 1 *',
    };
    const scheduler = startScheduler(s.queue, config, log);
    const enqueuedSince = (t: number) => logged.find((l) => l.msg === 'scheduled syncs enqueued' && l.time >= t);
    try {
      await waitFor(() => enqueuedSince(0) !== undefined, 'a tick before the restart');
      await redis.restart();
      const restartedAt = Date.now();
      await waitFor(() => enqueuedSince(restartedAt) !== undefined, 'a tick after the restart');
      // That tick's jobs are in Redis, under the ids every instance derives from the tick.
      const after = enqueuedSince(restartedAt)!;
      expect(await s.queue.getJob(tickJobId('droplet', new Date(after.tick!)))).toBeDefined();
    } finally {
      scheduler.stop();
      await s.events.close();
      await s.queue.close();
      s.connection.disconnect();
    }
  });
});
