/**
 * Slack benchmark: time to ack for a burst of concurrent signed `/cloud help` slash commands
 * against the real HTTP receiver, first idle, then while a sync runs, in the `arcadia start` shape:
 * the receiver in this process, the workers in an `arcadia worker --slack` process of their own.
 * Slack gives an app 3 s to ack; the target is p99 within 1.5x the bare Node HTTP server's, measured
 * in the same run with the same sender, under the same load. The commands come from a process
 * standing in for Slack and their replies go to another; the app's Web API calls go to the
 * in-process stand-in.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openRuntime } from '../src/runtime.js';
import { createSlackReceiver, SLACK_EVENTS_PATH } from '../src/slack/index.js';
import { SlackStandin } from '../testkit/slack/slack-standin.js';
import { repoPath } from '../src/repo-path.js';
import { enqueueSync } from '../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../jobs/queues.js';
import type { SyncResult } from '../src/sync/engine.js';
import {
  benchServices,
  count,
  standinProcess,
  databaseUri,
  percentile,
  perSecond,
  seconds,
  startWorkerProcess,
  stopProcess,
  table,
  type BenchSection,
  type GrowthRow,
} from './lib.js';

export interface SlackBenchOptions {
  /** Burst sizes (slash commands sent at once), smallest first; the largest also runs on the idle process. */
  concurrency: number[];
  /** Droplets in the account synced during the second burst. */
  syncDroplets: number;
}

/** The secret the sender (bench/slack-burst.mts) signs with and the receivers under test check. */
export const SIGNING_SECRET = 'bench-signing-secret';
const ACK_LIMIT_MS = 3_000;
/** The target: p99 time to ack during a sync within this multiple of the bare server's p99. */
const TARGET_RATIO = 1.5;

export interface Burst {
  label: string;
  sortedMs: number[];
  ok: number;
  /** Replies the stand-in received on the commands' response_urls. */
  replied: number;
  repliesMs: number;
}

/**
 * Slack's side (bench/slack-burst.mts) in a process of its own, up for the whole benchmark: each
 * burst is one line to it and one line back, so no process start-up sits between the bursts.
 */
export async function slackSide(): Promise<{
  /** The Web API URL of the process the replies go to: SLACK_API_URL for receivers that should answer. */
  hooksApiUrl: string;
  hooksToken: string;
  burst(label: string, url: string, n: number, awaitReplies: boolean): Promise<Burst>;
  stop(): Promise<void>;
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', repoPath('bench', 'slack-burst.mts')], {
    cwd: repoPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BURST_SIGNING_SECRET: SIGNING_SECRET },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error('the slash command sender stopped');
    return JSON.parse(line.value) as T;
  };
  const { hooksApiUrl, hooksToken } = await next<{ ready: true; hooksApiUrl: string; hooksToken: string }>();
  return {
    hooksApiUrl,
    hooksToken,
    async burst(label, url, n, awaitReplies) {
      child.stdin.write(`${JSON.stringify({ url, size: n, awaitReplies })}\n`);
      const sent = await next<{ ms: number[]; ok: number; replies: number; repliesMs: number }>();
      return {
        label,
        sortedMs: sent.ms.sort((a, b) => a - b),
        ok: sent.ok,
        replied: awaitReplies ? sent.replies : Number.NaN,
        repliesMs: sent.repliesMs,
      };
    },
    async stop() {
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * The floor of the measurement: a bare Node HTTP server that answers 200 as soon as it has read
 * the body, in the receiver's process. What the sender, the loopback network and Node's HTTP stack
 * cost on this machine, with no Slack receiver at all.
 */
async function bareServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const BARE_IDLE = 'bare Node HTTP server, idle';
const RECEIVER_IDLE = 'Arcadia receiver, idle';
const BARE_BUSY = 'bare Node HTTP server,';
const RECEIVER_BUSY = 'Arcadia receiver,';

/** Bursts per figure: one burst's tail is a handful of commands, so each row is the median of a few bursts. */
const REPEATS = 7;

/** The burst with the median p99 of each label's repeats, in the order the labels first ran. */
function medians(bursts: Burst[]): Burst[] {
  const byLabel = new Map<string, Burst[]>();
  for (const b of bursts)
    byLabel.set(`${b.label}/${b.sortedMs.length}`, [...(byLabel.get(`${b.label}/${b.sortedMs.length}`) ?? []), b]);
  return [...byLabel.values()].map((runs) => {
    const sorted = [...runs].sort((a, b) => percentile(a.sortedMs, 99) - percentile(b.sortedMs, 99));
    return sorted[Math.floor(sorted.length / 2)]!;
  });
}

export async function slackBenchmark(options: SlackBenchOptions): Promise<BenchSection> {
  const services = await benchServices();
  // DO's side runs in a process of its own: serving 200-droplet pages is not Arcadia's work.
  const doStandin = await standinProcess(options.syncDroplets);
  const slack = new SlackStandin();
  await slack.start();
  const stamp = Date.now();
  const env = {
    REDIS_URL: services.redisUrl,
    MONGODB_URI: databaseUri(services.mongoUri, `arcadia_bench_slack_${stamp}`),
    DIGITALOCEAN_TOKEN: doStandin.token,
    DIGITALOCEAN_API_URL: doStandin.url,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ARCADIA_QUEUE_PREFIX: `arcadia-bench-slack-${stamp}`,
    ARCADIA_LOG_LEVEL: 'silent',
  };
  const config = loadConfig(env);
  const runtime = await openRuntime(config, { log: createLogger('silent') });
  const service = createSlackReceiver(runtime, { monthlySchedule: false });
  // As `arcadia start` runs them: the workers and the Slack side of their work in a process of their own.
  const workers = await startWorkerProcess(env, ['worker', '--slack', '--no-schedule'], { asUnderStart: true });
  const queue = syncQueue(runtime.queue);
  const events = syncQueueEvents(runtime.queue);
  await events.waitUntilReady();
  // CPU this process spends per request while idle: what one event loop must do per command.
  const bareCpu = { ms: 0, requests: 0 };
  const receiverCpu = { ms: 0, requests: 0 };
  const cpuOf = async (into: { ms: number; requests: number }, send: () => Promise<Burst>): Promise<Burst> => {
    const before = process.cpuUsage();
    const b = await send();
    const used = process.cpuUsage(before);
    into.ms += (used.user + used.system) / 1000;
    into.requests += b.sortedMs.length;
    return b;
  };
  const side = await slackSide();
  const bare = await bareServer();
  const runs: Burst[] = [];
  const syncs: { value: SyncResult; ms: number }[] = [];
  let syncing = false;
  let syncRunning = false;
  let outsideSync = 0;
  let syncLoop: Promise<void> | undefined;
  const syncLabel = `during a ${count(options.syncDroplets)}-droplet sync`;
  const largest = options.concurrency[options.concurrency.length - 1]!;
  try {
    const port = await service.slack.start(0);
    const url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
    // Bolt's first request resolves the bot's identity (auth.test) once, and a fresh process runs
    // its first requests unoptimized: one unrecorded burst first, as a long-running app has had.
    await side.burst('warm-up', url, largest, true);
    // Floor and receiver take turns, so both see the same machine.
    for (let i = 0; i < REPEATS; i++) {
      runs.push(await cpuOf(bareCpu, () => side.burst(BARE_IDLE, bare.url, largest, false)));
      runs.push(await cpuOf(receiverCpu, () => side.burst(RECEIVER_IDLE, url, largest, true)));
    }

    // One sync after another for as long as the bursts last: the first lists and stores the
    // droplets, the next ones re-list them unchanged; every burst is answered during one.
    syncing = true;
    syncLoop = (async () => {
      while (syncing) {
        const started = performance.now();
        const job = await enqueueSync(queue, 'droplet', { attempts: 1 });
        syncRunning = true;
        syncs.push({ value: (await job.waitUntilFinished(events)) as SyncResult, ms: performance.now() - started });
        syncRunning = false;
      }
    })();
    // Well into the first listing: the worker process is paging and writing.
    await doStandin.waitForRequest('/v2/droplets', 5);
    /** A burst during the sync, counted as outside one if no sync was running when it started or ended. */
    const busyBurst = async (label: string, target: string, n: number, awaitReplies: boolean) => {
      const before = syncRunning;
      const b = await side.burst(label, target, n, awaitReplies);
      if (!before || !syncRunning) outsideSync++;
      return b;
    };
    for (let i = 0; i < REPEATS; i++) {
      runs.push(await busyBurst(`${BARE_BUSY} ${syncLabel}`, bare.url, largest, false));
      for (const n of options.concurrency) runs.push(await busyBurst(`${RECEIVER_BUSY} ${syncLabel}`, url, n, true));
    }
    syncing = false;
    await syncLoop;
  } finally {
    syncing = false;
    await syncLoop?.catch(() => undefined);
    await side.stop();
    await bare.stop();
    await service.stop();
    await stopProcess(workers);
    await events.close();
    await queue.close();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await runtime.close();
    await slack.stop();
    await doStandin.stop();
    await services.stop();
  }

  const bursts = medians(runs);
  const row = (label: string, n = largest) => bursts.find((b) => b.label === label && b.sortedMs.length === n)!;
  const p99Of = (b: Burst) => percentile(b.sortedMs, 99);
  const bareIdle = p99Of(row(BARE_IDLE));
  const idleP99 = p99Of(row(RECEIVER_IDLE));
  const bareBusy = p99Of(row(`${BARE_BUSY} ${syncLabel}`));
  const during = row(`${RECEIVER_BUSY} ${syncLabel}`);
  const p99 = p99Of(during);
  const first = syncs[0]!;
  const perRequest = (c: { ms: number; requests: number }) => c.ms / c.requests;
  const cpuWhy = `the receiver's one event loop: each command costs it ${perRequest(receiverCpu).toFixed(2)} ms of CPU, acking and then replying, against the bare server's ${perRequest(bareCpu).toFixed(2)} ms per request; the replies wait for the acks, and a burst's last ack waits for the others`;
  const text = [
    `### Bursts of ${options.concurrency.join(' / ')} concurrent signed \`/cloud help\` commands against the HTTP receiver (${services.flavor})`,
    '',
    table(
      [
        'process state',
        'commands',
        'acked 200 OK',
        'p50 ms',
        'p99 ms',
        'max ms',
        'replies on response_url',
        'all replies in, s',
      ],
      bursts.map((b) => [
        b.label,
        b.sortedMs.length,
        `${b.ok}/${b.sortedMs.length}`,
        percentile(b.sortedMs, 50).toFixed(1),
        percentile(b.sortedMs, 99).toFixed(1),
        b.sortedMs[b.sortedMs.length - 1]!.toFixed(1),
        Number.isNaN(b.replied) ? '-' : `${b.replied}/${b.sortedMs.length}`,
        Number.isNaN(b.replied) ? '-' : seconds(b.repliesMs),
      ]),
    ),
    '',
    `Each row is the median (by p99) of ${REPEATS} bursts, after one unrecorded burst that warms the process up; the bare server and the`,
    'receiver take turns, so both are measured on the same machine at the same moments.',
    'Time to ack is measured by the sender, a separate process standing in for Slack, from sending each signed request',
    "to the end of its response; the replies go to Slack's hooks host, a process of its own. The receiver runs in its own",
    'process, the sync in an `arcadia worker --slack` process (as under `arcadia start`, at its lower CPU priority), all on the same 2 cores',
    'as FerretDB, PostgreSQL, the sender and the DO stand-in. "All replies in" runs from the first command sent to the last',
    "reply (`/cloud help`, posted to the command's response_url) received.",
    syncs.length === 1
      ? `During the bursts one sync ran, listing and storing ${count(first.value.listed)} droplets in ${seconds(first.ms)} s (${perSecond(first.value.listed, first.ms)} resources/s);`
      : `During the bursts ${syncs.length} syncs ran back to back, the first listing and storing ${count(first.value.listed)} droplets in ${seconds(first.ms)} s (${perSecond(first.value.listed, first.ms)} resources/s), the next re-listing them unchanged;`,
    outsideSync === 0
      ? 'a sync was running when each burst started and when it ended.'
      : `**${outsideSync} of the bursts started or ended with no sync running.**`,
    `Slack's limit is ${ACK_LIMIT_MS / 1000} s: the slowest ack during the sync used ${((during.sortedMs[during.sortedMs.length - 1]! / ACK_LIMIT_MS) * 100).toFixed(1)}% of it.`,
    `Target p99 during the sync within ${TARGET_RATIO}x the bare server's during the same sync: **${p99 <= TARGET_RATIO * bareBusy ? 'met' : 'not met'}** (${p99.toFixed(1)} ms against ${bareBusy.toFixed(1)} ms, ${(p99 / bareBusy).toFixed(2)}x).`,
    `Against the idle bare server (${bareIdle.toFixed(1)} ms) the receiver's p99 is ${(idleP99 / bareIdle).toFixed(2)}x when idle and ${(p99 / bareIdle).toFixed(2)}x during the sync;`,
    `the bare server's own p99 was ${bareIdle.toFixed(1)} ms idle and ${bareBusy.toFixed(1)} ms during the sync, which is what the machine's load alone does to an answer.`,
    `CPU of the receiving process per request, idle (process.cpuUsage over ${count(receiverCpu.requests)} commands and ${count(bareCpu.requests)} bare requests): Arcadia's receiver`,
    `${perRequest(receiverCpu).toFixed(2)} ms per command, acking it (Bolt's parsing, signature check and routing) and then replying to it; the bare server ${perRequest(bareCpu).toFixed(2)} ms.`,
    "A burst's acks all run on the receiver's one event loop, one after another, and the replies wait until every request taken is acked.",
    '`/cloud inventory` acks the same way, but then runs an aggregation over the resources collection, which FerretDB',
    "answers by scanning it: a burst of them measures FerretDB's queue, not the receiver, so `help` is the command sent.",
  ].join('\n');
  const smallest = row(`${RECEIVER_BUSY} ${syncLabel}`, options.concurrency[0]);
  const growth: GrowthRow[] =
    smallest === during
      ? []
      : [
          {
            benchmark: 'slack',
            figure: 'p99 time to ack during a sync, ms (size: commands at once)',
            smallest: { size: smallest.sortedMs.length, value: percentile(smallest.sortedMs, 99) },
            largest: { size: during.sortedMs.length, value: p99 },
            why: "the ack is sent before any work and the sync runs in another process, but every command of a burst is parsed, verified and routed on the receiver's one event loop, and the sync's worker, FerretDB, the sender and the DO stand-in share the same 2 cores: the last of a burst waits behind the others, so the tail grows with the burst",
          },
        ];
  return {
    text,
    growth,
    facts: {
      p50: percentile(during.sortedMs, 50).toFixed(1),
      p99: p99.toFixed(1),
      max: during.sortedMs[during.sortedMs.length - 1]!.toFixed(1),
      bareP99: bareBusy.toFixed(1),
    },
    targets: [
      {
        figure: `ack p99 during a ${count(options.syncDroplets)}-droplet sync, ${during.sortedMs.length} commands at once`,
        target: `<= ${TARGET_RATIO}x the bare HTTP server during the same sync`,
        measured: `${p99.toFixed(1)} ms vs ${bareBusy.toFixed(1)} ms (idle: ${idleP99.toFixed(1)} ms vs ${bareIdle.toFixed(1)} ms, ${(idleP99 / bareIdle).toFixed(2)}x)`,
        ratio: p99 / bareBusy,
        met: p99 <= TARGET_RATIO * bareBusy,
        bound: cpuWhy,
      },
    ],
  };
}
