import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Migration } from '../../models/migration.js';
import { migrate } from '../../src/migrations.js';
import { createRedis } from '../../src/redis.js';
import { Readiness, startHealthServer, type HealthServer } from '../../src/cli/health.js';
import { everyQueue, QUEUE_NAMES } from '../../jobs/queues.js';
import { scratchRoot, startRedis } from '../../testkit/local-services.js';
import { isolation, silentLog, useDatabase, useRedis } from '../helpers/context.js';
import { scrape, valueOf } from '../helpers/metrics.js';
import { waitFor } from '../helpers/wait-for.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();

let server: HealthServer | undefined;
beforeEach(async () => {
  // Each test starts from a migrated database and a connected Redis, whatever the one before did.
  await migrate();
  await redis().ping();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(readiness: Readiness, queues: Queue[] = []): Promise<string> {
  server = await startHealthServer(0, '127.0.0.1', { readiness, queues: () => queues }, silentLog);
  return `http://127.0.0.1:${server.port}`;
}

async function readyz(
  origin: string,
): Promise<{ status: number; body: { notReady: string[]; checks: Record<string, string> } }> {
  const res = await fetch(`${origin}/readyz`);
  return { status: res.status, body: (await res.json()) as { notReady: string[]; checks: Record<string, string> } };
}

describe('/readyz', () => {
  it('is 503 naming the migrations while a database awaits them, and 200 once they ran', async () => {
    // A database an older Arcadia wrote: no step recorded as done.
    await Migration.deleteMany({});
    const readiness = new Readiness();
    readiness.connected(redis());
    const origin = await serve(readiness);
    const before = await readyz(origin);
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({
      status: 'not ready',
      ready: false,
      notReady: ['migrations'],
      checks: { redis: 'ok', mongodb: 'ok', migrations: expect.stringMatching(/^\d+ pending$/) },
    });
    await migrate();
    expect(await readyz(origin)).toMatchObject({ status: 200, body: { notReady: [], checks: { migrations: 'ok' } } });
  });

  it('is 503 until Redis is connected and the Slack bot token accepted, where the process checks it', async () => {
    const readiness = new Readiness(true);
    const origin = await serve(readiness);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect(await readyz(origin)).toMatchObject({
      status: 503,
      body: {
        notReady: ['redis', 'slackBotToken'],
        checks: { redis: 'not connected yet', slackBotToken: 'not checked yet' },
      },
    });
    readiness.connected(redis());
    readiness.botTokenAccepted();
    expect((await readyz(origin)).status).toBe(200);
  });

  it('is 503 naming Redis while it is stopped, never its address, and 200 again once it is back; /metrics still answers', async () => {
    const dir = mkdtempSync(join(scratchRoot(), 'arcadia-readyz-'));
    const own = await startRedis(dir);
    const connection = createRedis(own.url);
    // ioredis reports each failed reconnect; the check is what the test reads.
    connection.on('error', () => undefined);
    const queues = everyQueue({ connection, prefix: iso.prefix });
    try {
      const readiness = new Readiness();
      readiness.connected(connection);
      const origin = await serve(readiness, queues);
      await waitFor(async () => (await readyz(origin)).status === 200, 'readiness with Redis up');

      await own.stop();
      await waitFor(async () => (await readyz(origin)).status === 503, 'readiness to notice Redis stopped');
      const res = await fetch(`${origin}/readyz`);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ notReady: ['redis'], checks: { mongodb: 'ok' } });
      expect(text).not.toContain(String(own.port));
      // The queue counts cannot be read: they drop out of the scrape, which answers all the same.
      const samples = await scrape(origin);
      expect(valueOf(samples, 'arcadia_queue_jobs')).toBeUndefined();
      expect(valueOf(samples, 'arcadia_process_start_time_seconds')).toBeGreaterThan(0);

      await own.restart();
      await waitFor(async () => (await readyz(origin)).status === 200, 'readiness once Redis is back');
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the health server', () => {
  it('refuses a taken ARCADIA_HEALTH_PORT with one sentence naming the setting', async () => {
    const origin = await serve(new Readiness());
    const taken = Number(new URL(origin).port);
    await expect(
      startHealthServer(taken, '127.0.0.1', { readiness: new Readiness(), queues: () => [] }, silentLog),
    ).rejects.toThrow(`port ${taken} is in use (another arcadia?); set ARCADIA_HEALTH_PORT`);
    expect((await fetch(`${origin}/nowhere`)).status).toBe(404);
  });
});

describe('/metrics', () => {
  it("counts every queue's jobs by state, and the outbox's backlog", async () => {
    const queues = everyQueue({ connection: redis(), prefix: iso.prefix });
    try {
      const outbox = queues.find((q) => q.name === QUEUE_NAMES.slackOutbox)!;
      // No worker listens on this file's prefix: the messages wait, one of them held back.
      await outbox.add('message', {});
      await outbox.add('message', {}, { delay: 3_600_000 });
      const origin = await serve(new Readiness(), queues);
      const samples = await scrape(origin);
      expect(valueOf(samples, 'arcadia_queue_jobs', { queue: 'slack_outbox', state: 'waiting' })).toBe(1);
      expect(valueOf(samples, 'arcadia_queue_jobs', { queue: 'slack_outbox', state: 'delayed' })).toBe(1);
      expect(valueOf(samples, 'arcadia_queue_jobs', { queue: 'cloud_sync_full', state: 'failed' })).toBe(0);
      expect(valueOf(samples, 'arcadia_outbox_backlog')).toBe(2);
      await outbox.obliterate({ force: true });
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
  });
});
