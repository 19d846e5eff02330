import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { databaseUri, startLocalServices, type LocalServices } from '../testkit/local-services.js';
import { repoPath } from '../src/repo-path.js';
import { DEFAULTS } from '../src/config.js';
import { lowerPriority, workerHeapFlag } from '../src/cli/worker-supervisor.js';
import { startCli } from '../test/helpers/cli.js';

/** Services for a benchmark: the given REDIS_URL / MONGODB_URI, or throwaway local ones. */
export async function benchServices(): Promise<{
  redisUrl: string;
  mongoUri: string;
  flavor: string;
  stop(): Promise<void>;
}> {
  if (process.env.REDIS_URL && process.env.MONGODB_URI) {
    return {
      redisUrl: process.env.REDIS_URL,
      mongoUri: process.env.MONGODB_URI,
      flavor: 'external',
      stop: async () => undefined,
    };
  }
  const s: LocalServices = await startLocalServices();
  return { redisUrl: s.redisUrl, mongoUri: s.mongoUri, flavor: s.mongoFlavor, stop: () => s.stop() };
}

/** Peak resident set size of a process, from /proc (Linux), in MiB. */
export function peakRssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB memory, Node ${process.version}`;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `BENCH_QUICK=1` leaves out the largest sizes (100,000 resources, 200,000 invoice lines): a few minutes, for development. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** One row of the "cost of growth" table: a figure at the smallest and the largest size this run measured. */
export interface GrowthRow {
  benchmark: string;
  figure: string;
  smallest: { size: number; value: number };
  largest: { size: number; value: number };
  /** Why the figure grows the way it does (written for the shape the numbers show). */
  why: string;
}

/** What a benchmark hands back to bench/run.mts: its text, its growth rows, and facts other sections quote. */
/** One figure against its target, as RESULTS.md's summary states it. */
export interface TargetRow {
  figure: string;
  /** The target in words, e.g. ">= 0.8x raw insertMany". */
  target: string;
  /** What was measured, with the floor it is compared to. */
  measured: string;
  /** Measured over floor (or the figure's own ratio), as the target is stated. */
  ratio: number;
  met: boolean;
  /** What bounds the figure, in a phrase. */
  bound: string;
}

export interface BenchSection {
  text: string;
  growth: GrowthRow[];
  facts?: Record<string, string>;
  targets?: TargetRow[];
}

/** Nearest-rank percentile of values sorted ascending. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const count = (n: number) => Math.round(n).toLocaleString('en');
export const seconds = (ms: number) => (ms / 1000).toFixed(1);
export const perSecond = (n: number, ms: number) => count(n / (ms / 1000));

/** The MongoDB URI of a database of the bench's own. */
export { databaseUri };

/**
 * Starts a real `arcadia worker` child process and resolves once its workers listen, so timings
 * never include the process's start-up. Its output is drained (a full pipe would stall it).
 */
export async function startWorkerProcess(
  env: Record<string, string>,
  args: string[] = ['worker', '--no-schedule'],
  options: { asUnderStart?: boolean } = {},
): Promise<ChildProcess> {
  // With the heap cap `arcadia start` gives its worker process (ARCADIA_WORKER_HEAP_MB).
  const child = startCli(args, {
    NODE_OPTIONS: workerHeapFlag(DEFAULTS.ARCADIA_WORKER_HEAP_MB),
    ...env,
    ARCADIA_LOG_LEVEL: 'info',
  });
  // And, for a worker standing in for `arcadia start`'s, its lower CPU priority, set as the
  // supervisor sets it: at once, so every thread the process starts inherits it.
  if (options.asUnderStart && child.pid) lowerPriority(child.pid, DEFAULTS.ARCADIA_WORKER_NICE);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output = (output + d.toString()).slice(-4_000);
      if (output.includes('workers started')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`arcadia worker exited with code ${code} before starting: ${output}`)),
    );
  });
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/**
 * Runs a bench script (TypeScript, through tsx) in its own process, so what it measures (peak RSS,
 * event-loop time) is its own, and returns the JSON object it prints as its last line.
 */
export async function runJsonScript<T>(
  script: string,
  env: Record<string, string>,
  what: string,
  nodeArgs: string[] = [],
): Promise<T> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', repoPath('bench', script)], {
    cwd: repoPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const last = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`${what} failed (exit ${code}): ${stderr}`);
  return JSON.parse(last) as T;
}

export interface StandinProcess {
  url: string;
  token: string;
  /** Resolves when the stand-in has received a request for the path and page. */
  waitForRequest(path: string, page: number): Promise<void>;
  stop(): Promise<void>;
}

/** A DO stand-in serving `droplets` generated droplets from a child process (bench/do-standin.mts). */
export async function standinProcess(droplets: number): Promise<StandinProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', repoPath('bench', 'do-standin.mts')], {
    cwd: repoPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STANDIN_DROPLETS: String(droplets) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const requests = new EventEmitter();
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`DO stand-in process exited (${code})`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { url?: string; token?: string; path?: string; page?: number };
      if (message.url) resolve({ url: message.url, token: message.token! });
      else requests.emit('request', message);
    });
  });
  const { url, token } = await ready;
  return {
    url,
    token,
    waitForRequest: (path, page) =>
      new Promise((resolve) => {
        const listener = (req: { path: string; page: number }) => {
          if (req.path !== path || req.page !== page) return;
          requests.off('request', listener);
          resolve();
        };
        requests.on('request', listener);
      }),
    async stop() {
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * CPU seconds used so far by the processes under `root` (this one by default), by program name
 * (`ferretdb`, `postgres`, `redis-server`, `node`…), from /proc (Linux). A process's reaped children
 * count for it (a PostgreSQL backend that exited counts for its postmaster). Taken before and after a
 * measurement, the difference says where the time went.
 */
export function cpuSecondsByProgram(root = process.pid): Map<string, number> {
  const tick = 100; // USER_HZ on Linux
  const procs = new Map<number, { ppid: number; comm: string; cpu: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // After the name, counting from state = 0: ppid is 1; utime, stime, cutime, cstime are 11-14.
      const cpu = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / tick;
      procs.set(Number(entry), { ppid: Number(fields[1]), comm, cpu });
    } catch {
      // The process exited while we looked.
    }
  }
  const under = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = procs.get(p)?.ppid ?? 0, hops++) if (p === root) return true;
    return false;
  };
  const totals = new Map<string, number>();
  for (const [pid, p] of procs) if (pid !== root && under(pid)) totals.set(p.comm, (totals.get(p.comm) ?? 0) + p.cpu);
  return totals;
}
