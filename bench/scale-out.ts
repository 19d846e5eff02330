/**
 * Scale-out benchmark: one multi-kind account (droplets, volumes, snapshots, reserved IPs,
 * firewalls, load balancers) synced by 1, 2 and 4 `arcadia worker` processes sharing one Redis and
 * one database. One job per kind goes on the queue; BullMQ hands the kinds to whichever worker is
 * free. Each configuration syncs into a fresh database, so every run is the same first sync.
 */
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import type { ChildProcess } from 'node:child_process';
import { DoStandin } from '../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../testkit/digitalocean/account.js';
import type { SyncResult } from '../src/sync/engine.js';
import type { ResourceKind } from '../models/resource.js';
import { enqueueSync } from '../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../jobs/queues.js';
import {
  benchServices,
  count,
  databaseUri,
  peakRssMiB,
  perSecond,
  seconds,
  startWorkerProcess,
  stopProcess,
  cpuSecondsByProgram,
  table,
  timed,
  type BenchSection,
  type GrowthRow,
  type TargetRow,
} from './lib.js';

export interface ScaleOutOptions {
  /** Total resources per account, smallest first; each size runs every worker count. */
  sizes: number[];
  workerCounts: number[];
}

/** How an account of `total` resources splits over the kinds, and which stand-in collection serves each. */
function accountShape(total: number) {
  const part = (share: number) => Math.round(total * share);
  const extra = {
    volumes: part(0.2),
    snapshots: part(0.15),
    reserved_ips: part(0.1),
    firewalls: part(0.025),
    load_balancers: part(0.025),
  };
  const droplets = total - Object.values(extra).reduce((a, b) => a + b, 0);
  const kinds: { kind: ResourceKind; n: number; extraCalls: number }[] = [
    // The droplet kind also sweeps GPU droplets: one more call.
    { kind: 'droplet', n: droplets, extraCalls: 1 },
    { kind: 'volume', n: extra.volumes, extraCalls: 0 },
    { kind: 'snapshot', n: extra.snapshots, extraCalls: 0 },
    { kind: 'floating_ip', n: extra.reserved_ips, extraCalls: 0 },
    { kind: 'firewall', n: extra.firewalls, extraCalls: 0 },
    { kind: 'load_balancer', n: extra.load_balancers, extraCalls: 0 },
  ];
  return { account: generatedAccount({ droplets, extra }), kinds };
}

interface ConfigRun {
  total: number;
  workers: number;
  ms: number;
  listed: number;
  apiCalls: number;
  minimumCalls: number;
  peakRssMiB: number | null;
  statuses: string[];
  /** CPU seconds during the run: the MongoDB-wire backend (FerretDB and PostgreSQL), and the worker processes. */
  backendCpuS: number;
  workerCpuS: number;
}

const BACKEND_PROGRAMS = ['ferretdb', 'postgres', 'mongod'];

function cpuSplit(before: Map<string, number>, after: Map<string, number>): { backend: number; workers: number } {
  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  return { backend: BACKEND_PROGRAMS.reduce((sum, p) => sum + delta(p), 0), workers: delta('node') };
}

export async function scaleOutBenchmark(options: ScaleOutOptions): Promise<BenchSection> {
  const services = await benchServices();
  const standin = new DoStandin();
  await standin.start();
  const stamp = Date.now();
  const prefix = `arcadia-bench-scale-${stamp}`;
  const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
  const settings = { connection: redis, prefix };
  const queue = syncQueue(settings);
  const events = syncQueueEvents(settings);
  await events.waitUntilReady();
  const runs: ConfigRun[] = [];
  try {
    for (const total of options.sizes) {
      const shape = accountShape(total);
      standin.account = shape.account;
      for (const workers of options.workerCounts) {
        const mongoUri = databaseUri(services.mongoUri, `arcadia_bench_scale_${stamp}_${total}_${workers}`);
        const env = {
          REDIS_URL: services.redisUrl,
          MONGODB_URI: mongoUri,
          DIGITALOCEAN_TOKEN: standin.token,
          DIGITALOCEAN_API_URL: standin.url,
          ARCADIA_QUEUE_PREFIX: prefix,
        };
        const children: ChildProcess[] = [];
        try {
          children.push(...(await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(env)))));
          const cpuBefore = cpuSecondsByProgram();
          const { value: results, ms } = await timed(async () => {
            const jobs = await Promise.all(shape.kinds.map(({ kind }) => enqueueSync(queue, kind, { attempts: 1 })));
            return Promise.all(jobs.map(async (job) => (await job.waitUntilFinished(events)) as SyncResult));
          });
          const cpu = cpuSplit(cpuBefore, cpuSecondsByProgram());
          const rss = children.map((c) => peakRssMiB(c.pid!)).filter((r): r is number => r !== null);
          runs.push({
            total,
            workers,
            ms,
            listed: results.reduce((sum, r) => sum + r.listed, 0),
            apiCalls: results.reduce((sum, r) => sum + r.apiCalls, 0),
            minimumCalls: shape.kinds.reduce((sum, k) => sum + Math.max(1, Math.ceil(k.n / 200)) + k.extraCalls, 0),
            peakRssMiB: rss.length ? Math.max(...rss) : null,
            statuses: [...new Set(results.map((r) => r.status))],
            backendCpuS: cpu.backend,
            workerCpuS: cpu.workers,
          });
        } finally {
          await Promise.all(children.map(stopProcess));
          const connection = await mongoose.createConnection(mongoUri).asPromise();
          await connection.dropDatabase().catch(() => undefined);
          await connection.close();
        }
      }
    }
  } finally {
    await events.close();
    await queue.close();
    redis.disconnect();
    await standin.stop();
    await services.stop();
  }

  const lines: string[] = [];
  for (const total of options.sizes) {
    const shape = accountShape(total);
    const sized = runs.filter((r) => r.total === total);
    const one = sized.find((r) => r.workers === 1) ?? sized[0]!;
    lines.push(
      `### ${count(total)} resources over ${shape.kinds.length} kinds (${shape.kinds.map((k) => `${count(k.n)} ${k.kind}`).join(', ')}), ${services.flavor}`,
      '',
      table(
        [
          'worker processes',
          'seconds',
          'resources/s',
          'speed vs 1 worker',
          'backend CPU s',
          'workers CPU s',
          'backend share of CPU',
          'API calls',
          'minimum',
          'max peak RSS per worker MiB',
          'run status',
        ],
        sized.map((r) => [
          r.workers,
          seconds(r.ms),
          perSecond(r.listed, r.ms),
          `${(one.ms / r.ms).toFixed(2)}x`,
          r.backendCpuS.toFixed(1),
          r.workerCpuS.toFixed(1),
          `${Math.round((100 * r.backendCpuS) / (r.backendCpuS + r.workerCpuS))}%`,
          r.apiCalls,
          r.minimumCalls,
          r.peakRssMiB ?? 'n/a',
          r.statuses.join(', '),
        ]),
      ),
      '',
    );
  }
  lines.push(
    'Backend CPU is what FerretDB and PostgreSQL used during the run, workers CPU what the `arcadia worker` processes used',
    "(from /proc); the backend's share of the two says how much of the work is the database's. With 2 cores, two busy",
    'processes fill the machine: once the backend takes about half the CPU, more workers cannot go faster.',
    'Seconds run from enqueueing one job per kind to the last result, with every worker already started. Each worker',
    'runs up to ARCADIA_SYNC_CONCURRENCY (default 4) kinds at once, so one worker runs 4 of the 6 kinds and queues 2,',
    'on one Node event loop (one core). Two workers run all six at once, but every write and every state read goes to',
    'the one MongoDB-wire server, FerretDB, which is CPU-bound itself and shares the same 2 cores: the workers spend',
    'most of a sync waiting on it, so more worker processes help only as far as FerretDB keeps up. Beyond two, the',
    'processes also compete for the cores. Against a MongoDB server on its own machine the workers would scale further;',
    'that was not measured here.',
  );
  const largest = options.sizes[options.sizes.length - 1]!;
  const one = runs.find((r) => r.total === largest && r.workers === 1);
  const two = runs.find((r) => r.total === largest && r.workers === 2);
  const targets: TargetRow[] =
    one && two
      ? [
          {
            figure: `scale-out, ${count(largest)} resources, 1 -> 2 worker processes`,
            target: "reported with the backend's share of the time",
            measured: `${seconds(one.ms)} s -> ${seconds(two.ms)} s; backend ${Math.round((100 * two.backendCpuS) / (two.backendCpuS + two.workerCpuS))}% of CPU with 2`,
            ratio: one.ms / two.ms,
            met: true,
            bound: 'the one MongoDB-wire server on the same 2 cores as the workers',
          },
        ]
      : [];
  return { text: lines.join('\n'), growth: growthOf(runs, options), targets };
}

function growthOf(runs: ConfigRun[], options: ScaleOutOptions): GrowthRow[] {
  const smallest = options.sizes[0]!;
  const largest = options.sizes[options.sizes.length - 1]!;
  if (smallest === largest) return [];
  return options.workerCounts.map((workers) => {
    const small = runs.find((r) => r.total === smallest && r.workers === workers)!;
    const large = runs.find((r) => r.total === largest && r.workers === workers)!;
    return {
      benchmark: 'scale-out',
      figure: `${workers} worker${workers > 1 ? 's' : ''}, seconds`,
      smallest: { size: smallest, value: small.ms / 1000 },
      largest: { size: largest, value: large.ms / 1000 },
      why: 'a first sync is mostly insertMany, which FerretDB takes without a scan; each kind reads its stored state with a scan of the shared collection, but in a first sync that collection holds only what the other kinds inserted so far',
    };
  });
}
