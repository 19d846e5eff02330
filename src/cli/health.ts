import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { ListenError } from '../errors.js';
import {
  collectProcessMetrics,
  outboxBacklog,
  QUEUE_STATES,
  queueJobs,
  registry,
  type QueueState,
} from '../metrics.js';
import { pendingMigrations } from '../migrations.js';
import { everyQueue, QUEUE_NAMES, type QueueSettings } from '../../jobs/queues.js';

/** How long one readiness probe or queue count may take: an orchestrator's probe times out within seconds. */
const PROBE_TIMEOUT_MS = 1500;

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** A check's verdict: 'ok', or a few words on what is wrong (never a URL, a token or an error's text). */
type Verdict = string;

/** Settles with `fallback` if `work` takes longer than the probe timeout (a Redis that stopped answering queues commands). */
async function within<T>(work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([work.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a process must have before it is ready for work: Redis and MongoDB answering, the database
 * migrated, and (where the process checks it) the Slack bot token accepted at start. A process
 * serves /healthz from the moment it starts and /readyz says 503, naming what is missing, until
 * all of it holds; a connection lost later makes it 503 again.
 */
export class Readiness {
  private redis: Redis | undefined;
  private botToken: 'unchecked' | 'accepted' | undefined;
  private readonly extra = new Map<string, () => Verdict>();

  /** @param checksBotToken the process checks SLACK_BOT_TOKEN at start (the Slack receiver). */
  constructor(checksBotToken = false) {
    if (checksBotToken) this.botToken = 'unchecked';
  }

  /** The process's Redis connection, once it is open (MongoDB is mongoose's one connection). */
  connected(redis: Redis): void {
    this.redis = redis;
  }

  botTokenAccepted(): void {
    this.botToken = 'accepted';
  }

  /** A further check of this process's own (the worker process under `arcadia start`). */
  add(name: string, check: () => Verdict): void {
    this.extra.set(name, check);
  }

  async report(): Promise<{ ready: boolean; notReady: string[]; checks: Record<string, Verdict> }> {
    const [redis, mongodb] = await Promise.all([this.redisVerdict(), this.mongoVerdict()]);
    const checks: Record<string, Verdict> = { redis, mongodb, migrations: await this.migrationsVerdict(mongodb) };
    if (this.botToken) checks.slackBotToken = this.botToken === 'accepted' ? 'ok' : 'not checked yet';
    for (const [name, check] of this.extra) checks[name] = check();
    const notReady = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    return { ready: notReady.length === 0, notReady, checks };
  }

  private async redisVerdict(): Promise<Verdict> {
    const redis = this.redis;
    if (!redis) return 'not connected yet';
    if (redis.status !== 'ready') return `not connected (${redis.status})`;
    return within(
      redis.ping().then(() => 'ok'),
      'not answering',
    );
  }

  private async mongoVerdict(): Promise<Verdict> {
    const db =
      mongoose.connection.readyState === mongoose.ConnectionStates.connected ? mongoose.connection.db : undefined;
    if (!db) return 'not connected';
    return within(
      db.command({ ping: 1 }).then(() => 'ok'),
      'not answering',
    );
  }

  private async migrationsVerdict(mongodb: Verdict): Promise<Verdict> {
    if (mongodb !== 'ok') return 'unknown until MongoDB answers';
    const pending = await within(pendingMigrations(), null);
    if (!pending) return 'unknown until MongoDB answers';
    return pending.length === 0 ? 'ok' : `${pending.length} pending`;
  }
}

export interface HealthOptions {
  readiness: Readiness;
  /** The queues whose job counts each scrape reads (every queue, on this process's Redis); none before Redis is open. */
  queues(): readonly Queue[];
  /** Metrics of the processes this one answers for (the worker process `arcadia start` runs), merged into its own. */
  peers?(): Promise<MetricsJson[]>;
}

/**
 * The queues a scrape counts, on the process's Redis connection once it is open. They are opened at
 * the first scrape, not at start: queues opened on a connection that a failed start closes before
 * it is ready would report its closing as an unhandled error.
 */
export class CountedQueues {
  private settings: QueueSettings | undefined;
  private opened: Queue[] | undefined;

  connected(settings: QueueSettings): void {
    this.settings = settings;
  }

  list(): readonly Queue[] {
    if (!this.settings) return [];
    return (this.opened ??= everyQueue(this.settings));
  }

  async close(): Promise<void> {
    await Promise.all((this.opened ?? []).map((q) => q.close()));
  }
}

/**
 * Reads every queue's counts into the queue gauges: a queue that cannot be read (Redis down) drops
 * out until it can, and the outbox's backlog keeps its last reading.
 */
async function countQueues(queues: readonly Queue[]): Promise<void> {
  queueJobs.reset();
  await Promise.all(
    queues.map(async (queue) => {
      const counts = await within(queue.getJobCounts(...QUEUE_STATES), null);
      if (!counts) return;
      for (const state of QUEUE_STATES) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
      if (queue.name === QUEUE_NAMES.slackOutbox) outboxBacklog.set(backlogOf(counts));
    }),
  );
}

/** Messages not yet out: waiting, held back (a retry's delay, a channel's pacing) or being delivered. */
function backlogOf(counts: Partial<Record<QueueState, number>>): number {
  return (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0);
}

/** What a supervising process sends over the IPC channel for its worker process's metrics, and the answer. */
export interface MetricsRequest {
  type: 'metrics';
  id: number;
}
export interface MetricsAnswer extends MetricsRequest {
  metrics: MetricsJson;
}

/** In a supervised worker process: answers the supervisor's requests for this process's metrics. */
export function answerMetricsRequests(): void {
  if (!process.send) return;
  process.on('message', (m: Partial<MetricsRequest> | null) => {
    if (m?.type !== 'metrics' || m.id === undefined) return;
    const id = m.id;
    void registry
      .getMetricsAsJSON()
      .then((metrics) => process.send?.({ type: 'metrics', id, metrics } satisfies MetricsAnswer));
  });
}

/** Answers GET /healthz, /readyz and /metrics; false for any other request, left to the caller. */
export function healthHandler(options: HealthOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  collectProcessMetrics();
  return (req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (req.method !== 'GET' || !HEALTH_PATHS.includes(path as HealthPath)) return false;
    void answer(path as HealthPath, options, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('error');
    });
    return true;
  };
}

export const HEALTH_PATHS = ['/healthz', '/readyz', '/metrics'] as const;
type HealthPath = (typeof HEALTH_PATHS)[number];

async function answer(path: HealthPath, options: HealthOptions, res: ServerResponse): Promise<void> {
  if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  if (path === '/readyz') {
    const report = await options.readiness.report();
    res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ status: report.ready ? 'ready' : 'not ready', ...report }));
  }
  await countQueues(options.queues());
  const own = await registry.getMetricsAsJSON();
  const peers = (await options.peers?.()) ?? [];
  const text = peers.length ? await AggregatorRegistry.aggregate([own, ...peers]).metrics() : await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType }).end(text);
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** The small HTTP server of a process that has no Slack port (ARCADIA_HEALTH_PORT): the health paths, 404 for the rest. */
export async function startHealthServer(
  port: number,
  host: string | undefined,
  options: HealthOptions,
  log: Logger,
): Promise<HealthServer> {
  const handle = healthHandler(options);
  const server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new ListenError(port, host, err, 'ARCADIA_HEALTH_PORT')),
    );
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  log.info({ healthPort: bound }, 'health server listening');
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
