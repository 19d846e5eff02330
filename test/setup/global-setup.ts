import type { TestProject } from 'vitest/node';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findMongoServer,
  findRedisServer,
  startMongo,
  startRedis,
  type ServerHandle,
} from '../../testkit/local-services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    mongoUri: string;
    mongoFlavor: string;
  }
}

/**
 * Uses REDIS_URL / MONGODB_URI when given; otherwise starts throwaway servers on free loopback
 * ports for the whole run and stops them at the end. Each test file then takes its own database
 * name and queue prefix (test/helpers/context.ts), so files run in parallel.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: ServerHandle[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'arcadia-test-'));
  // Fail at once, with the fix, when a server binary is missing.
  if (!process.env.REDIS_URL) findRedisServer();
  if (!process.env.MONGODB_URI) findMongoServer();

  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    mkdirSync(join(dir, 'redis'));
    const redis = await startRedis(join(dir, 'redis'));
    started.push(redis);
    redisUrl = redis.url;
  }
  let mongoUri = process.env.MONGODB_URI;
  let mongoFlavor = 'external';
  if (!mongoUri) {
    mkdirSync(join(dir, 'mongo'));
    const mongo = await startMongo(join(dir, 'mongo'));
    started.push(mongo);
    mongoUri = mongo.url;
    mongoFlavor = mongo.flavor;
  }
  project.provide('redisUrl', redisUrl);
  project.provide('mongoUri', mongoUri);
  project.provide('mongoFlavor', mongoFlavor);

  return async () => {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
}
