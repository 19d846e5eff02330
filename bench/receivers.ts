/**
 * Receivers benchmark: how many signed slash commands a second Slack gets acked and answered
 * through two `arcadia start` receivers behind a round-robin load balancer, against one receiver
 * alone, measured in the same run with the same sender. Each receiver is a real `arcadia start`
 * process (with its worker process); the commands come from bench/slack-burst.mts, in a process
 * of its own, and bursts against one and two receivers take turns.
 */
import { once } from 'node:events';
import { loadavg } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../testkit/local-services.js';
import { startRoundRobinProxy } from '../testkit/round-robin-proxy.js';
import { SLACK_EVENTS_PATH } from '../src/slack/index.js';
import { startCli } from '../test/helpers/cli.js';
import {
  benchServices,
  count,
  databaseUri,
  percentile,
  standinProcess,
  stopProcess,
  table,
  type BenchSection,
} from './lib.js';
import { SIGNING_SECRET, slackSide, type Burst } from './slack.js';

export interface ReceiversBenchOptions {
  /** Commands sent at once in each burst. */
  burst: number;
  /** Bursts per configuration; the median is reported. */
  repeats: number;
}

/** Starts `arcadia start` and resolves once it is listening. */
async function startReceiver(env: Record<string, string>): Promise<ChildProcess> {
  const child = startCli(['start', '--no-schedule'], { ...env, ARCADIA_LOG_LEVEL: 'info' });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      output = (output + d.toString()).slice(-4_000);
      if (output.includes('"msg":"arcadia started"')) resolve();
    });
    child.stdout!.resume();
    child.once('exit', (code) => reject(new Error(`arcadia start exited (${code}) before listening: ${output}`)));
  });
  return child;
}

/** Commands a second: the burst's size over the time from the first command sent to its last ack, or its last reply. */
const rate = (n: number, ms: number) => n / (ms / 1000);

export async function receiversBenchmark(options: ReceiversBenchOptions): Promise<BenchSection> {
  const services = await benchServices();
  const doStandin = await standinProcess(0);
  // Slack's side first: the receivers post their replies, and check their token, on its Web API.
  const side = await slackSide();
  const load = loadavg()[0]!;
  const stamp = Date.now();
  const env = {
    REDIS_URL: services.redisUrl,
    MONGODB_URI: databaseUri(services.mongoUri, `arcadia_bench_receivers_${stamp}`),
    DIGITALOCEAN_TOKEN: doStandin.token,
    DIGITALOCEAN_API_URL: doStandin.url,
    SLACK_BOT_TOKEN: side.hooksToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: side.hooksApiUrl,
    ARCADIA_QUEUE_PREFIX: `arcadia-bench-receivers-${stamp}`,
  };
  const ports = [await freePort(), await freePort()];
  const receivers = await Promise.all(ports.map((port) => startReceiver({ ...env, PORT: String(port) })));
  const upstreams = ports.map((port) => `http://127.0.0.1:${port}`);
  const proxy = await startRoundRobinProxy(upstreams);
  // The same load balancer in front of one receiver: the hop costs both configurations the same.
  const single = await startRoundRobinProxy(upstreams.slice(0, 1));
  const ONE = 'one receiver';
  const TWO = 'two receivers, round robin';
  const runs: Burst[] = [];
  try {
    const url = (base: string) => `${base}${SLACK_EVENTS_PATH}`;
    // Each receiver's first requests run unoptimized and resolve the bot's identity: warm both up.
    await side.burst('warm-up', url(proxy.url), options.burst, true);
    for (let i = 0; i < options.repeats; i++) {
      runs.push(await side.burst(ONE, url(single.url), options.burst, true));
      runs.push(await side.burst(TWO, url(proxy.url), options.burst, true));
    }
  } finally {
    await side.stop();
    await proxy.stop();
    await single.stop();
    await Promise.all(receivers.map(stopProcess));
    await Promise.all(receivers.map((r) => (r.exitCode === null ? once(r, 'exit') : undefined)));
    await doStandin.stop();
    await services.stop();
  }

  const median = (label: string, figure: (b: Burst) => number) => {
    const values = runs
      .filter((b) => b.label === label)
      .map(figure)
      .sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  const acked = (b: Burst) => rate(b.sortedMs.length, b.sortedMs[b.sortedMs.length - 1]!);
  const answered = (b: Burst) => rate(b.sortedMs.length, b.repliesMs);
  const rows = [ONE, TWO].map((label) => ({
    label,
    acked: median(label, acked),
    answered: median(label, answered),
    p99: median(label, (b) => percentile(b.sortedMs, 99)),
    complete: runs
      .filter((b) => b.label === label)
      .every((b) => b.ok === b.sortedMs.length && b.replied === b.sortedMs.length),
  }));
  const [one, two] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const ackRatio = two.acked / one.acked;
  const answerRatio = two.answered / one.answered;
  const text = [
    `### Bursts of ${count(options.burst)} signed \`/cloud help\` commands through a round-robin load balancer (${services.flavor})`,
    '',
    table(
      ['receivers', 'acked per s', 'answered per s', 'p99 ack ms', 'every command acked and answered'],
      rows.map((r) => [r.label, count(r.acked), count(r.answered), r.p99.toFixed(1), r.complete ? 'yes' : '**no**']),
    ),
    '',
    `Each row is the median of ${options.repeats} bursts, the two configurations taking turns, after one unrecorded burst. Both go through`,
    'the same loopback proxy (testkit/round-robin-proxy.ts), so the hop costs them alike. "Acked per s" is the burst over the time',
    'from the first command sent to the last ack; "answered per s" over the time to the last reply on the response_urls. Two',
    `receivers ack ${ackRatio.toFixed(2)}x and answer ${answerRatio.toFixed(2)}x the commands a second of one. Everything runs on the same 2 cores:`,
    "the receivers, their worker processes (which deliver the replies), the sender, Slack's stand-ins, Redis and the MongoDB-wire",
    'server, so a second receiver adds an event loop to parse, verify and route on, but no core.',
    `The load average was ${load.toFixed(1)} when the bursts began.`,
  ].join('\n');
  return {
    text,
    growth: [],
    facts: { receiversAckRatio: ackRatio.toFixed(2), receiversAnswerRatio: answerRatio.toFixed(2) },
  };
}
