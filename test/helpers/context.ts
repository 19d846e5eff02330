import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import type { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { databaseUri } from '../../testkit/local-services.js';
import { connectDatabase, disconnectDatabase } from '../../src/db.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { QueueEvents, type Queue } from 'bullmq';
import { provisionQueue, QUEUE_NAMES, type ProvisionJob, type QueueSettings } from '../../jobs/queues.js';

/** A database name and queue prefix of this test file's own, so files never see each other's data. */
export function isolation(): { dbName: string; prefix: string } {
  const id = randomBytes(4).toString('hex');
  return { dbName: `arcadia_test_${id}`, prefix: `arcadia-test-${id}` };
}

/** The MongoDB URI with this file's database name in its path. */
export function mongoUriFor(dbName: string): string {
  return databaseUri(inject('mongoUri'), dbName);
}

/** The environment a test process (or a spawned CLI) runs with. */
export function testEnv(
  iso: { dbName: string; prefix: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    REDIS_URL: inject('redisUrl'),
    MONGODB_URI: mongoUriFor(iso.dbName),
    ARCADIA_QUEUE_PREFIX: iso.prefix,
    ARCADIA_DO_RETRY_BASE_MS: '1',
    ARCADIA_SYNC_RETRY_DELAY_MS: '0',
    ARCADIA_LOG_LEVEL: 'silent',
    ...extra,
  };
}

export function testConfig(iso: { dbName: string; prefix: string }, extra: Record<string, string> = {}): Config {
  return loadConfig(testEnv(iso, extra));
}

export const silentLog = createLogger('silent');

/** Connects mongoose to this file's own database for the file's tests, and drops it afterwards. */
export function useDatabase(iso: { dbName: string }): void {
  beforeAll(async () => {
    await connectDatabase(mongoUriFor(iso.dbName));
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
  });
}

/** A connection to the suite's Redis for this file's tests (BullMQ-ready), closed afterwards. */
export function useRedis(): () => Redis {
  let redis: Redis | undefined;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
  });
  afterAll(() => redis?.disconnect());
  return () => {
    if (!redis) throw new Error('useRedis() connection used outside a test');
    return redis;
  };
}

/** The provision queue on this file's prefix, opened for the file's tests and closed afterwards. */
export function useProvisionQueue(iso: { prefix: string }, redis: () => Redis): () => Queue<ProvisionJob> {
  let queue: Queue<ProvisionJob> | undefined;
  beforeAll(() => void (queue = provisionQueue({ connection: redis(), prefix: iso.prefix })));
  afterAll(() => queue?.close());
  return () => {
    if (!queue) throw new Error('useProvisionQueue() queue used outside a test');
    return queue;
  };
}

/** A DO stand-in started for this file's tests and stopped afterwards. */
export function useDoStandin(standin: DoStandin): DoStandin {
  beforeAll(() => standin.start());
  afterAll(() => standin.stop());
  return standin;
}

/**
 * Resolves once `count` waste_detect jobs (queued by syncs that succeeded) have completed. Call it,
 * and await it, before whatever queues them, so no completion goes unseen.
 */
export async function wasteRuns(settings: QueueSettings, count: number): Promise<{ done: Promise<void> }> {
  const events = new QueueEvents(QUEUE_NAMES.wasteDetect, settings);
  await events.waitUntilReady();
  let completed = 0;
  const done = new Promise<void>((resolve) => {
    events.on('completed', () => {
      completed += 1;
      if (completed === count) resolve();
    });
  }).finally(() => events.close());
  return { done };
}
