/**
 * Sync benchmark: droplet accounts of growing size in the DO stand-in, each synced through the
 * queue by a real `arcadia worker` process of its own (own database), then re-synced unchanged.
 * Prints API calls against the minimum ceil(n/200) (+1 GPU sweep), resources/s for both runs, the
 * worker's peak RSS per size, and the engine's page-at-a-time writes against a naive loop that
 * upserts one document at a time, measured in the same run on the same data.
 */
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { connectDatabase, disconnectDatabase } from '../src/db.js';
import { DoStandin } from '../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../testkit/digitalocean/account.js';
import { DoClient } from '../src/digitalocean/client.js';
import { runSync } from '../src/sync/engine.js';
import { droplet } from '../src/sync/kinds/index.js';
import { createLogger } from '../src/logger.js';
import { Resource, resourceKey } from '../models/resource.js';
import { enqueueSync } from '../jobs/enqueue-sync.js';
import { QueueEvents } from 'bullmq';
import { QUEUE_NAMES, syncQueue, syncQueueEvents } from '../jobs/queues.js';
import type { SyncResult } from '../src/sync/engine.js';
import {
  benchServices,
  count,
  cpuSecondsByProgram,
  databaseUri,
  peakRssMiB,
  perSecond,
  seconds,
  startWorkerProcess,
  stopProcess,
  table,
  timed,
  type BenchSection,
  type GrowthRow,
  type TargetRow,
} from './lib.js';

const silent = createLogger('silent');

export interface SyncBenchOptions {
  /** Account sizes, smallest first; each gets its own database and worker process. */
  sizes: number[];
  /** Size of the engine-vs-naive comparison (the naive loop is slow; same n for both sides). */
  compareAt: number;
}

interface SizeRun {
  droplets: number;
  first: { value: SyncResult; ms: number };
  resync: { value: SyncResult; ms: number };
  rssMiB: number | null;
  /** The backend's floor: the same stored documents inserted raw, in one insertMany, same server, same run. */
  floorMs: number;
  /** The re-sync's floor: every stored document of the kind read raw (one find by kind), same server, same run. */
  readFloorMs: number;
  /** CPU seconds FerretDB (or mongod) spent on the re-sync, and on the raw read. */
  resyncBackendCpuS: number;
  readBackendCpuS: number;
}

/** CPU seconds the MongoDB-wire server's processes (FerretDB and PostgreSQL, or mongod) spent in `fn`. */
async function backendCpu<T>(fn: () => Promise<T>): Promise<{ value: T; cpuS: number }> {
  const backend = (m: Map<string, number>) =>
    ['ferretdb', 'postgres', 'mongod'].reduce((sum, p) => sum + (m.get(p) ?? 0), 0);
  const before = backend(cpuSecondsByProgram());
  const value = await fn();
  return { value, cpuS: backend(cpuSecondsByProgram()) - before };
}

export async function syncBenchmark(options: SyncBenchOptions): Promise<BenchSection> {
  const services = await benchServices();
  const standin = new DoStandin();
  await standin.start();
  const stamp = Date.now();
  const prefix = `arcadia-bench-${stamp}`;
  const env = (dbName: string) => ({
    REDIS_URL: services.redisUrl,
    MONGODB_URI: databaseUri(services.mongoUri, dbName),
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_QUEUE_PREFIX: prefix,
    ARCADIA_LOG_LEVEL: 'warn',
  });
  const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
  const settings = { connection: redis, prefix };
  const queue = syncQueue(settings);
  const events = syncQueueEvents(settings);
  await events.waitUntilReady();
  // The waste rules a succeeded sync queues run in the same worker process, after the sync's result:
  // each run is timed alone (the next starts once they are done), and the peak RSS includes them.
  const wasteEvents = new QueueEvents(QUEUE_NAMES.wasteDetect, settings);
  await wasteEvents.waitUntilReady();
  const wasteDone = () => new Promise<void>((resolve) => wasteEvents.once('completed', () => resolve()));
  const runs: SizeRun[] = [];
  const lines: string[] = [];
  try {
    for (const droplets of options.sizes) {
      standin.account = generatedAccount({ droplets });
      const dbName = `arcadia_bench_sync_${stamp}_${droplets}`;
      const worker = await startWorkerProcess(env(dbName));
      try {
        /** One run, timed to its result; the backend's CPU is counted to the result too (the waste rules after it read the kind again). */
        const syncOnce = async () => {
          const waste = wasteDone();
          const job = await enqueueSync(queue, 'droplet', { attempts: 1 });
          const run = await backendCpu(() => timed(async () => (await job.waitUntilFinished(events)) as SyncResult));
          await waste;
          return run;
        };
        const { value: first } = await syncOnce();
        const resync = await syncOnce();
        const rssMiB = peakRssMiB(worker.pid!);
        const floors = await rawFloorsMs(env(dbName).MONGODB_URI);
        runs.push({
          droplets,
          first,
          resync: resync.value,
          rssMiB,
          floorMs: floors.insertMs,
          readFloorMs: floors.readMs,
          resyncBackendCpuS: resync.cpuS,
          readBackendCpuS: floors.readCpuS,
        });
      } finally {
        await stopProcess(worker);
        await dropDatabase(env(dbName).MONGODB_URI);
      }
    }

    lines.push(
      `### Droplet accounts of ${options.sizes.map(count).join(' / ')} (${services.flavor}), one \`arcadia worker\` process each`,
      '',
      table(
        [
          'droplets',
          'run',
          'API calls',
          'minimum',
          'ratio',
          'created',
          'unchanged',
          'seconds',
          'resources/s',
          'floor s',
          'floor / run',
          'worker peak RSS MiB',
        ],
        runs.flatMap((r) => {
          const minimum = Math.ceil(r.droplets / 200) + 1;
          return [r.first, r.resync].map(({ value, ms }, i) => [
            count(r.droplets),
            i === 0 ? 'first sync' : 're-sync, unchanged',
            value.apiCalls,
            minimum,
            (value.apiCalls / minimum).toFixed(2),
            value.created,
            value.unchanged,
            seconds(ms),
            perSecond(value.listed, ms),
            seconds(i === 0 ? r.floorMs : r.readFloorMs),
            `${((i === 0 ? r.floorMs : r.readFloorMs) / ms).toFixed(2)}x`,
            i === 0 ? '' : (r.rssMiB ?? 'n/a'),
          ]);
        }),
      ),
      '',
      'Seconds run from enqueueing the job to its result, with the worker already started; the waste rules the run queues',
      'then run in the same worker (their own job), and the next run starts once they are done. The minimum is one',
      'call per 200-item page plus the GPU-droplet sweep. Peak RSS is the VmHWM of the worker process over both runs and',
      'their waste rules, the worker run as `arcadia start` runs it (V8 heap capped by ARCADIA_WORKER_HEAP_MB).',
      "The floors are the backend's own, on the same server in the same run: for the first sync, the documents it stored",
      'inserted raw with one insertMany into a fresh collection (target: the sync at >= 0.8x of it); for the re-sync, every stored',
      'document of the kind read raw with one find by kind, which is the least an unchanged re-sync must read to know',
      'nothing changed. "floor / run" is the floor\'s time over the run\'s (1.00x = as fast as the floor).',
    );

    // Engine vs naive, same n, same database, same stand-in.
    const dbName = `arcadia_bench_sync_${stamp}_compare`;
    await connectDatabase(databaseUri(services.mongoUri, dbName));
    standin.account = generatedAccount({ droplets: options.compareAt });
    const client = new DoClient({ token: standin.token, baseUrl: standin.url });
    const config = loadConfig(env(dbName));
    const engine = await timed(() =>
      runSync({ spec: droplet, client: client.child(), config, runId: 'bench-engine', log: silent }),
    );
    await Resource.deleteMany({});
    const naive = await timed(async () => {
      for await (const page of client.child().pages<Record<string, unknown>>('/v2/droplets', 'droplets')) {
        for (const raw of page.items) {
          const input = droplet.normalize(raw);
          await Resource.updateOne(
            { _id: resourceKey('droplet', input.providerId) },
            {
              $set: {
                ...input,
                provider: 'digitalocean',
                kind: 'droplet',
                fingerprint: 'x',
                lastSeenAt: new Date(),
                lastSyncRunId: 'naive',
              },
              $setOnInsert: { firstSeenAt: new Date() },
            },
            { upsert: true },
          );
        }
      }
    });
    lines.push(
      '',
      `Engine against a naive one-document-at-a-time upsert loop, ${count(options.compareAt)} droplets, first sync, in this process:`,
      '',
      table(
        ['approach', 'seconds', 'resources/s'],
        [
          [
            'engine (insertMany per page, writes only what changed)',
            (engine.ms / 1000).toFixed(2),
            perSecond(options.compareAt, engine.ms),
          ],
          ['naive (one upsert per document)', (naive.ms / 1000).toFixed(2), perSecond(options.compareAt, naive.ms)],
        ],
      ),
      '',
      `Speed-up of the engine over the naive loop: **${(naive.ms / engine.ms).toFixed(1)}x**.`,
    );
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
  } finally {
    await events.close();
    await wasteEvents.close();
    await queue.close();
    redis.disconnect();
    await standin.stop();
    await services.stop();
  }
  return { text: lines.join('\n'), growth: growthOf(runs), targets: targetsOf(runs) };
}

function targetsOf(runs: SizeRun[]): TargetRow[] {
  const small = runs[0]!;
  const large = runs[runs.length - 1]!;
  const at = `${count(large.droplets)} droplets`;
  const minimum = Math.ceil(large.droplets / 200) + 1;
  const rows: TargetRow[] = [
    {
      figure: `first sync, ${at}`,
      target: '>= 0.8x raw insertMany of the same documents',
      measured: `${seconds(large.first.ms)} s vs ${seconds(large.floorMs)} s`,
      ratio: large.floorMs / large.first.ms,
      met: large.floorMs / large.first.ms >= 0.8,
      bound:
        'the inserts: pages are written up to three at a time while the next ones are fetched, so the database is kept busy; the waste rules run after the result, in their own job',
    },
    {
      figure: `unchanged re-sync, ${at}`,
      target: '<= the first sync',
      measured: `${seconds(large.resync.ms)} s vs ${seconds(large.first.ms)} s (raw read of the kind: ${seconds(large.readFloorMs)} s)`,
      ratio: large.resync.ms / large.first.ms,
      met: large.resync.ms <= large.first.ms,
      bound: `reading the kind's stored state once, which the backend does at its own speed: the raw read of the kind takes ${seconds(large.readFloorMs)} s alone, longer than the first sync, with FerretDB and PostgreSQL using ${large.readBackendCpuS.toFixed(1)} CPU-seconds (${Math.round((large.readBackendCpuS / large.droplets) * 1e6)} µs per document: FerretDB decodes each from jsonb); during the re-sync, to its result, they used ${large.resyncBackendCpuS.toFixed(1)}`,
    },
    {
      figure: `API calls per full sync, ${at}`,
      target: '= minimum pages (one per 200, plus the GPU sweep)',
      measured: `${large.first.value.apiCalls} vs ${minimum}`,
      ratio: large.first.value.apiCalls / minimum,
      met: large.first.value.apiCalls === minimum,
      bound: "DO's page size of 200",
    },
  ];
  if (small.rssMiB !== null && large.rssMiB !== null) {
    rows.push({
      figure: `worker peak RSS, ${count(small.droplets)} -> ${count(large.droplets)} droplets`,
      target: 'flat (<= 1.25x)',
      measured: `${small.rssMiB} MiB -> ${large.rssMiB} MiB`,
      ratio: large.rssMiB / small.rssMiB,
      met: large.rssMiB / small.rssMiB <= 1.25,
      bound:
        "the live set: one compact state per stored resource of the kind, with pages and the waste rules' reads streamed; the worker runs with the heap cap arcadia start gives it (ARCADIA_WORKER_HEAP_MB), so V8 collects the garbage of reading the kind instead of growing",
    });
  }
  return rows;
}

/**
 * The backend's floors for the stored documents: one raw find of the kind (what a re-sync must at
 * least read), then one raw insertMany of the same documents into a fresh collection.
 */
async function rawFloorsMs(uri: string): Promise<{ insertMs: number; readMs: number; readCpuS: number }> {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    const { value: read, cpuS: readCpuS } = await backendCpu(() =>
      timed(() => connection.db!.collection('resources').find({ kind: 'droplet' }).toArray()),
    );
    const floor = connection.db!.collection('bench_floor_resources');
    const { ms } = await timed(() => floor.insertMany(read.value, { ordered: false }));
    await floor.drop().catch(() => undefined);
    return { insertMs: ms, readMs: read.ms, readCpuS };
  } finally {
    await connection.close();
  }
}

async function dropDatabase(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
}

function growthOf(runs: SizeRun[]): GrowthRow[] {
  const small = runs[0]!;
  const large = runs[runs.length - 1]!;
  const rows: GrowthRow[] = [
    {
      benchmark: 'sync',
      figure: 'first sync, seconds',
      smallest: { size: small.droplets, value: small.first.ms / 1000 },
      largest: { size: large.droplets, value: large.first.ms / 1000 },
      why: 'pages are inserted with insertMany, which FerretDB takes without a scan; the fixed part (the kind state read once, the SyncRun record, the queue round trip) weighs most at the small size',
    },
    {
      benchmark: 'sync',
      figure: 're-sync unchanged, seconds',
      smallest: { size: small.droplets, value: small.resync.ms / 1000 },
      largest: { size: large.droplets, value: large.resync.ms / 1000 },
      why: 'nothing is written; almost all of the time is reading the kind state (every stored droplet through one FerretDB cursor, which FerretDB serves by scanning) and the pages themselves, so it grows with the account, as a first sync does',
    },
  ];
  if (small.rssMiB !== null && large.rssMiB !== null) {
    rows.push({
      benchmark: 'sync',
      figure: 'worker peak RSS, MiB',
      smallest: { size: small.droplets, value: small.rssMiB },
      largest: { size: large.droplets, value: large.rssMiB },
      why: "pages and the waste rules' reads are streamed; the run holds one compact state per stored resource of the kind (read once per run), and the heap cap (ARCADIA_WORKER_HEAP_MB) has V8 collect the garbage of reading the kind before the process grows",
    });
  }
  return rows;
}
