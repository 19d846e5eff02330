/**
 * Sync benchmark: a 20,000-droplet account in the DO stand-in, synced through the queue by a real
 * `arcadia worker` process. Prints API calls against the minimum ceil(n/200) (+1 GPU sweep),
 * resources/s for a first sync and an unchanged re-sync, the worker's peak RSS, and the engine's
 * page-at-a-time writes against a naive loop that upserts one document at a time, measured in the
 * same run on the same data.
 */
import { once } from 'node:events';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { connectDatabase, disconnectDatabase } from '../src/db.js';
import { DoStandin } from '../src/digitalocean/standin/server.js';
import { generatedAccount } from '../src/digitalocean/standin/account.js';
import { DoClient } from '../src/digitalocean/client.js';
import { runSync } from '../src/sync/engine.js';
import { droplet } from '../src/sync/kinds/droplet.js';
import { createLogger } from '../src/logger.js';
import { Resource, resourceKey } from '../models/resource.js';
import { enqueueSync } from '../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../jobs/queues.js';
import type { SyncResult } from '../src/sync/engine.js';
import { startCli } from '../test/helpers/cli.js';
import { benchServices, peakRssMiB, table, timed } from './lib.js';

const silent = createLogger('silent');

export interface SyncBenchOptions {
  droplets: number;
  /** Size of the engine-vs-naive comparison (the naive loop is slow; same n for both sides). */
  compareAt: number;
}

export async function syncBenchmark(options: SyncBenchOptions): Promise<string> {
  const services = await benchServices();
  const standin = new DoStandin(generatedAccount({ droplets: options.droplets }));
  await standin.start();
  const dbName = `arcadia_bench_sync_${Date.now()}`;
  const prefix = `arcadia-bench-${Date.now()}`;
  const mongoUri = `${services.mongoUri.replace(/\/$/, '')}/${dbName}`;
  const env = {
    REDIS_URL: services.redisUrl,
    MONGODB_URI: mongoUri,
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_QUEUE_PREFIX: prefix,
    ARCADIA_LOG_LEVEL: 'warn',
  };
  const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
  const settings = { connection: redis, prefix };
  const queue = syncQueue(settings);
  const events = syncQueueEvents(settings);
  await events.waitUntilReady();
  await connectDatabase(mongoUri);
  const worker = startCli(['worker', '--no-schedule'], env);
  const lines: string[] = [];
  try {
    const minimum = Math.ceil(options.droplets / 200) + 1;
    const syncOnce = async () => {
      const job = await enqueueSync(queue, 'droplet', { attempts: 1 });
      return timed(async () => (await job.waitUntilFinished(events)) as SyncResult);
    };
    const first = await syncOnce();
    const second = await syncOnce();
    const rss = peakRssMiB(worker.pid!);
    lines.push(
      `### Sync of ${options.droplets.toLocaleString('en')} droplets (${services.flavor})`,
      '',
      table(
        ['run', 'API calls', 'minimum', 'ratio', 'created', 'unchanged', 'seconds', 'resources/s'],
        [first, second].map(({ value, ms }, i) => [
          i === 0 ? 'first sync' : 're-sync, unchanged',
          value.apiCalls,
          minimum,
          (value.apiCalls / minimum).toFixed(2),
          value.created,
          value.unchanged,
          (ms / 1000).toFixed(1),
          Math.round(value.listed / (ms / 1000)),
        ]),
      ),
      '',
      `Worker peak RSS (VmHWM of the \`arcadia worker\` process): ${rss ?? 'n/a'} MiB.`,
    );

    // Engine vs naive, same n, same database, same stand-in.
    await Resource.deleteMany({});
    standin.account = generatedAccount({ droplets: options.compareAt });
    const client = new DoClient({ token: standin.token, baseUrl: standin.url });
    const config = loadConfig(env);
    const engine = await timed(() => runSync({ spec: droplet, client: client.child(), config, runId: 'bench-engine', log: silent }));
    await Resource.deleteMany({});
    const naive = await timed(async () => {
      for await (const page of client.child().pages<Record<string, unknown>>('/v2/droplets', 'droplets')) {
        for (const raw of page.items) {
          const input = droplet.normalize(raw);
          await Resource.updateOne(
            { _id: resourceKey('droplet', input.providerId) },
            {
              $set: { ...input, provider: 'digitalocean', kind: 'droplet', fingerprint: 'x', lastSeenAt: new Date(), lastSyncRunId: 'naive' },
              $setOnInsert: { firstSeenAt: new Date() },
            },
            { upsert: true },
          );
        }
      }
    });
    lines.push(
      '',
      `Engine against a naive one-document-at-a-time upsert loop, ${options.compareAt.toLocaleString('en')} droplets, first sync:`,
      '',
      table(
        ['approach', 'seconds', 'resources/s'],
        [
          ['engine (insertMany per page, writes only what changed)', (engine.ms / 1000).toFixed(2), Math.round(options.compareAt / (engine.ms / 1000))],
          ['naive (one upsert per document)', (naive.ms / 1000).toFixed(2), Math.round(options.compareAt / (naive.ms / 1000))],
        ],
      ),
      '',
      `Speed-up of the engine over the naive loop: **${(naive.ms / engine.ms).toFixed(1)}x**.`,
    );
  } finally {
    worker.kill('SIGTERM');
    await once(worker, 'exit');
    await events.close();
    await queue.close();
    redis.disconnect();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
    await standin.stop();
    await services.stop();
  }
  return lines.join('\n');
}
