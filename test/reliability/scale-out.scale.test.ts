import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { Resource } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount, type DoAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { startRoundRobinProxy } from '../../testkit/round-robin-proxy.js';
import { freePort } from '../../testkit/local-services.js';
import { loadConfig } from '../../src/config.js';
import { SYNC_KINDS } from '../../src/sync/kinds/index.js';
import { requestSync } from '../../src/sync/request-sync.js';
import type { SyncResult } from '../../src/sync/engine.js';
import { outboxQueue } from '../../src/outbox/producer.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { kindsOnSchedule, tickJobId } from '../../jobs/schedule.js';
import { isolation, testEnv, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';
import { collectOutput, startCli, waitForLog } from '../helpers/cli.js';
import { SIGNING_SECRET, SlackClientSim } from '../helpers/slack-requests.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The scale-out shape, as processes: two `arcadia start` receivers behind a round-robin load
 * balancer on loopback, and two `arcadia worker` processes, on one Redis and one MongoDB-wire
 * server. Each receiver runs a worker process of its own too, so four processes work the queues.
 */
const iso = isolation();
useDatabase(iso);
const redis = useRedis();
/** The kinds whose second page is held, and the stand-in collection each lists: more than one page (200) each. */
const HELD = [
  { kind: 'droplet', path: '/v2/droplets', collection: 'droplets' },
  { kind: 'volume', path: '/v2/volumes', collection: 'volumes' },
  { kind: 'firewall', path: '/v2/firewalls', collection: 'firewalls' },
  { kind: 'load_balancer', path: '/v2/load_balancers', collection: 'load_balancers' },
] as const satisfies readonly { kind: string; path: string; collection: keyof DoAccount }[];
const standin = useDoStandin(
  new DoStandin(generatedAccount({ droplets: 450, extra: { volumes: 250, firewalls: 250, load_balancers: 250 } })),
);
const slack = new SlackStandin();
beforeAll(() => slack.start());
afterAll(() => slack.stop());

/** Four processes starting at once on a busy machine: each loads the CLI from source. */
const STARTUP_MS = 240_000;
/** A schedule that does not fire during the test (1 January). */
const NEVER = '0 0 1 1 *';

interface Running {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
}

/** The settings every process runs with: one sync at a time each, so four held listings need all four processes. */
function clusterEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return testEnv(
    { ...iso, prefix },
    {
      DIGITALOCEAN_TOKEN: standin.token,
      DIGITALOCEAN_API_URL: standin.url,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ARCADIA_LOG_LEVEL: 'info',
      ARCADIA_SYNC_CONCURRENCY: '1',
      // A killed worker's job is handed over soon; long enough that a busy machine's live workers keep theirs.
      ARCADIA_JOB_LOCK_MS: '2000',
      ARCADIA_SYNC_SCHEDULE: NEVER,
      ARCADIA_SNAPSHOT_SCHEDULE: NEVER,
      ...extra,
    },
  );
}

/** Every process the file started: a start-up cut short by a failure still stops them all. */
const started = new Set<ChildProcess>();
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function startProcess(args: string[], env: Record<string, string>, ready: string): Promise<Running> {
  const child = startCli(args, env);
  started.add(child);
  const output = collectOutput(child);
  await waitForLog(child, output, ready);
  return { child, output };
}

async function stopProcess({ child }: Running): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Two receivers behind the proxy and two workers, all on the same queues and database. */
async function startCluster(env: Record<string, string>) {
  const ports = [await freePort(), await freePort()];
  const [receivers, workers] = await Promise.all([
    Promise.all(ports.map((port) => startProcess(['start'], { ...env, PORT: String(port) }, 'arcadia started'))),
    Promise.all([0, 1].map(() => startProcess(['worker'], env, 'workers started'))),
  ]);
  const proxy = await startRoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
  return { receivers, workers, proxy };
}

/** Lines a process logged with `msg`, parsed. */
function logged(running: Running, msg: string): Record<string, unknown>[] {
  return running.output.stderr
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A promise the held DO answers wait on, and its release. */
function gate(): { held: Promise<void>; release(): void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  return { held, release };
}

describe('two receivers behind a load balancer and two workers', () => {
  const settings = () => ({ connection: redis(), prefix: iso.prefix });
  let env: Record<string, string>;
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  const extra: Running[] = [];

  beforeAll(async () => {
    env = clusterEnv(iso.prefix);
    cluster = await startCluster(env);
  }, STARTUP_MS);
  afterAll(async () => {
    await cluster?.proxy.stop();
    await Promise.all([...(cluster?.receivers ?? []), ...(cluster?.workers ?? []), ...extra].map(stopProcess));
  });

  /**
   * A full sync, every kind at once, with the second page of the HELD kinds held until `during` has
   * run: each process works one sync at a time, so by then each of the four holds one of them.
   */
  async function fullSync(during: () => Promise<void>): Promise<{ id: string; result: SyncResult }[]> {
    const queue = syncQueue(settings());
    const events = syncQueueEvents(settings());
    await events.waitUntilReady();
    const { held, release } = gate();
    try {
      for (const { path } of HELD) standin.inject({ path, page: 2, until: held, times: 1 });
      const asked = Promise.all(HELD.map(({ path }) => standin.waitForRequest(path, 2)));
      const runs = await requestSync({ kinds: SYNC_KINDS }, { queue, config: loadConfig(env) });
      await asked;
      await during();
      release();
      return await Promise.all(
        runs.map(async (r) => ({
          id: String(r.job.id),
          result: (await r.job.waitUntilFinished(events)) as SyncResult,
        })),
      );
    } finally {
      release();
      standin.clearFaults();
      await events.close();
      await queue.close();
    }
  }

  /** Every run succeeded, recorded once, and each kind stores what DO listed, once. */
  async function expectWholeRuns(runs: { id: string; result: SyncResult }[]): Promise<void> {
    expect(runs.map((r) => r.result.kind)).toEqual([...SYNC_KINDS]);
    for (const { id, result } of runs) {
      expect(result.status, result.kind).toBe('succeeded');
      expect(await SyncRun.countDocuments({ runId: id }), `${result.kind} runs recorded`).toBe(1);
      expect(await Resource.countDocuments({ kind: result.kind, stale: false }), result.kind).toBe(result.listed);
    }
  }

  it('answers a burst of slash commands split across the receivers exactly once each', async () => {
    const sim = new SlackClientSim(() => `${cluster.proxy.url}/slack/events`, slack);
    const burst = await Promise.all(
      Array.from({ length: 40 }, () => sim.command('help', { user: 'U0SCALE', channel: 'C0SCALE' })),
    );
    expect(burst.map((r) => r.status)).toEqual(burst.map(() => 200));
    expect(cluster.proxy.served).toEqual([20, 20]);

    const ids = burst.map((r) => r.responseUrl.split('/').pop()!);
    const replies = (id: string) => slack.callsTo('response_url').filter((c) => c.params.id === id).length;
    await waitFor(() => ids.every((id) => replies(id) >= 1), 'a reply to every command');
    // Nothing left to deliver: no second reply is on its way.
    const outbox = outboxQueue(settings());
    try {
      await waitFor(async () => {
        const counts = await outbox.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      }, 'an empty outbox');
    } finally {
      await outbox.close();
    }
    expect(ids.map(replies)).toEqual(ids.map(() => 1));
  });

  it('works a full sync on both workers, every resource stored once', async () => {
    const runs = await fullSync(async () => undefined);
    await expectWholeRuns(runs);
    expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(450);
    // Each worker held one of the four held listings, so each finished at least one run.
    for (const worker of cluster.workers) expect(logged(worker, 'sync finished').length).toBeGreaterThan(0);
    for (const { kind } of HELD)
      expect(runs.find((r) => r.result.kind === kind)!.result).toMatchObject({
        created: kind === 'droplet' ? 450 : 250,
      });
  });

  it('replaces a worker killed mid-sync without loss: the runs complete, the counts are right, only what went is stale', async () => {
    // One resource of each held kind is gone from DO since the last sync.
    const gone = HELD.map(({ kind, collection }) => ({ kind, id: String(standin.account[collection].pop()!.id) }));
    const [killed] = cluster.workers;
    const runs = await fullSync(async () => {
      // The worker holds one of the held listings, its first page in: kill it there, and start another.
      killed!.child.kill('SIGKILL');
      await once(killed!.child, 'exit');
      extra.push(await startProcess(['worker'], env, 'workers started'));
    });
    await expectWholeRuns(runs);
    for (const { kind } of HELD)
      expect(runs.find((r) => r.result.kind === kind)!.result, kind).toMatchObject({
        listed: kind === 'droplet' ? 449 : 249,
        created: 0,
        markedStale: 1,
      });
    const stale = await Resource.find({ stale: true }).lean();
    expect(stale.map((r) => ({ kind: r.kind, id: r.providerId })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual(
      [...gone].sort((a, b) => a.kind.localeCompare(b.kind)),
    );
    // The killed worker's run was taken over by another process, not run twice.
    const queue = syncQueue(settings());
    try {
      const held = runs.filter((r) => HELD.some((h) => h.kind === r.result.kind));
      const takenOver = await Promise.all(held.map(async (r) => (await queue.getJob(r.id))!.stalledCounter));
      expect(takenOver.some((n) => n >= 1)).toBe(true);
    } finally {
      await queue.close();
    }
  });
});

describe('the schedule, run by every process', () => {
  const prefix = `${iso.prefix}-ticks`;
  let cluster: Awaited<ReturnType<typeof startCluster>>;

  beforeAll(async () => {
    // Every second: each of the four processes fires many times within each minute's tick.
    cluster = await startCluster(clusterEnv(prefix, { ARCADIA_SYNC_SCHEDULE: '* * * * * *' }));
  }, STARTUP_MS);
  afterAll(async () => {
    await cluster?.proxy.stop();
    await Promise.all([...(cluster?.receivers ?? []), ...(cluster?.workers ?? [])].map(stopProcess));
  });

  it('enqueues each tick once, however many processes fire it', async () => {
    const processes = [...cluster.receivers, ...cluster.workers];
    const ticksOf = (p: Running) => new Set(logged(p, 'scheduled syncs enqueued').map((l) => String(l.tick)));
    let tick: string | undefined;
    await waitFor(() => {
      const [first, ...rest] = processes.map(ticksOf);
      tick = [...first!].find((t) => rest.every((s) => s.has(t)));
      return tick !== undefined;
    }, 'a tick every process fired');
    const fires = processes.reduce(
      (sum, p) => sum + logged(p, 'scheduled syncs enqueued').filter((l) => l.tick === tick).length,
      0,
    );
    expect(fires).toBeGreaterThanOrEqual(processes.length);

    const queue = syncQueue({ connection: redis(), prefix });
    try {
      const ids = kindsOnSchedule('default').map((kind) => tickJobId(kind, new Date(tick!)));
      await waitFor(
        async () => (await Promise.all(ids.map(async (id) => (await queue.getJob(id))?.finishedOn))).every(Boolean),
        "every run of the tick's syncs",
        120_000,
      );
      for (const id of ids) expect(await SyncRun.countDocuments({ runId: id }), id).toBe(1);
    } finally {
      await queue.close();
    }
  });
});
