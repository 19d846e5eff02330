import { fork, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import type { Logger } from 'pino';
import { ArcadiaError, ErrorCode } from '../errors.js';
import type { MetricsAnswer, MetricsJson, MetricsRequest } from './health.js';

export interface WorkerSupervisorOptions {
  /** The `arcadia` arguments the worker process runs with, e.g. `['worker', '--slack']`. */
  args: string[];
  log: Logger;
  /** ARCADIA_SHUTDOWN_TIMEOUT_MS: the worker's own bound on finishing its jobs. */
  shutdownTimeoutMs: number;
  /** First wait before restarting a worker process that died; doubles up to `maxRestartDelayMs`. @defaultValue 1000 */
  restartDelayMs?: number;
  /** @defaultValue 30000 */
  maxRestartDelayMs?: number;
  /** ARCADIA_WORKER_HEAP_MB: the worker process's V8 old-space cap; absent leaves V8's default. */
  heapMb?: number;
  /** ARCADIA_WORKER_NICE: added to the worker process's scheduling niceness; absent or 0 leaves it as this process's. */
  nice?: number;
  /** Variables set for the worker process over this one's (an empty value unsets one). */
  env?: Record<string, string>;
}

/** How long a scrape waits for the worker process's metrics before answering without them. */
const METRICS_TIMEOUT_MS = 2000;

/** The V8 flag that caps a worker process's old space (ARCADIA_WORKER_HEAP_MB); the bench runs its workers with it too. */
export function workerHeapFlag(heapMb: number): string {
  return `--max-old-space-size=${heapMb}`;
}

/**
 * Makes a process `nice` steps nicer than this one (capped at 19), so the CPU this process needs
 * comes first. Raising niceness needs no privilege; a host that refuses it only loses the priority.
 * Linux keeps niceness per thread and sets only the main thread's here: call it right after the
 * fork, before the child starts its other threads, which then inherit it.
 */
export function lowerPriority(pid: number, nice: number, log?: Logger): void {
  try {
    setPriority(pid, Math.min(19, getPriority() + nice));
  } catch (err) {
    log?.warn({ pid, nice, err: (err as Error).message }, 'worker process priority not lowered');
  }
}

/** How long past its own bound a stopping worker process gets before it is killed. */
const EXIT_GRACE_MS = 10_000;
/** A worker process that ran this long before dying restarts after the first delay again. */
const HEALTHY_RUN_MS = 60_000;

/**
 * Runs the queue workers in a child process of this one (the same entry point and loader, so it
 * works from source and from the build) and keeps one running: a child that dies is restarted,
 * after a delay that doubles while it keeps dying. Its logs share this process's stderr.
 */
export class WorkerSupervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private delayMs: number;
  private startedAt = 0;
  private metricsAsked = 0;

  constructor(private readonly options: WorkerSupervisorOptions) {
    this.delayMs = options.restartDelayMs ?? 1000;
  }

  /** Starts the first worker process; resolves once its workers listen, rejects if it exits first. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = this.spawn();
      const onExit = (code: number | null, signal: string | null) =>
        reject(
          new ArcadiaError(
            ErrorCode.ServiceUnavailable,
            `The worker process stopped (${signal ?? `exit code ${code}`}) before its workers started; the log lines above say why.`,
          ),
        );
      child.once('exit', onExit);
      child.once('message', () => {
        child.off('exit', onExit);
        child.on('exit', (code, signal) => this.onExit(child, code, signal));
        resolve();
      });
    });
  }

  /** The running worker process's id (none while it is being restarted). */
  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  /**
   * The worker process's metrics (prom-client's JSON), asked for over the IPC channel: its jobs,
   * syncs and DO requests are counted there, and one scrape of this process answers for both.
   * Null while no worker process runs or when it does not answer in time.
   */
  metrics(): Promise<MetricsJson | null> {
    const child = this.child;
    if (!child?.connected || this.pid === undefined) return Promise.resolve(null);
    const id = ++this.metricsAsked;
    return new Promise((resolve) => {
      const done = (value: MetricsJson | null) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(value);
      };
      const onMessage = (m: unknown) => {
        const reply = m as Partial<MetricsAnswer> | null;
        if (reply?.type === 'metrics' && reply.id === id) done(reply.metrics ?? null);
      };
      const timer = setTimeout(() => done(null), METRICS_TIMEOUT_MS);
      child.on('message', onMessage);
      child.send({ type: 'metrics', id } satisfies MetricsRequest, (err) => err && done(null));
    });
  }

  /** Asks the worker process to stop (it finishes or releases its jobs within its bound) and waits for it. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => {
      this.options.log.error({ pid: child.pid }, 'worker process did not stop in time; killing it');
      child.kill('SIGKILL');
    }, this.options.shutdownTimeoutMs + EXIT_GRACE_MS);
    await exited;
    clearTimeout(killer);
  }

  private spawn(): ChildProcess {
    // process.argv[1] is the CLI's entry (bin/arcadia.js, or src/cli.ts under tsx, whose loader
    // comes along in execArgv).
    const execArgv = [
      ...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')),
      ...(this.options.heapMb ? [workerHeapFlag(this.options.heapMb)] : []),
    ];
    const child = fork(process.argv[1]!, this.options.args, {
      execArgv,
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    if (this.options.nice && child.pid) lowerPriority(child.pid, this.options.nice, this.options.log);
    this.child = child;
    this.startedAt = Date.now();
    this.options.log.info({ pid: child.pid }, 'worker process started');
    return child;
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null): void {
    if (this.stopping) return;
    if (Date.now() - this.startedAt >= HEALTHY_RUN_MS) this.delayMs = this.options.restartDelayMs ?? 1000;
    const delayMs = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.maxRestartDelayMs ?? 30_000);
    // Its running jobs are handed to the next worker by BullMQ's stalled-job check.
    this.options.log.error(
      { pid: child.pid, code, signal, restartInMs: delayMs },
      'worker process exited; restarting it',
    );
    this.restartTimer = setTimeout(() => {
      const next = this.spawn();
      next.on('exit', (c, s) => this.onExit(next, c, s));
    }, delayMs);
  }
}
