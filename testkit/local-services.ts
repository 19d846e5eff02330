import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Throwaway Redis and MongoDB-wire servers on free loopback ports, in temp dirs, for the test
 * suite, the demo and the benchmarks. MongoDB is a real `mongod` when one is installed, else FerretDB
 * (SQLite backend, telemetry off). Nothing here reaches beyond 127.0.0.1.
 */
export interface LocalServices {
  redisUrl: string;
  mongoUri: string;
  /** `mongod` or `ferretdb`: what the MongoDB-wire server is. */
  mongoFlavor: 'mongod' | 'ferretdb';
  stop(): Promise<void>;
}

/** A throwaway server could not be started; the code says whether it is missing or failed. Test kit, so not one of the product's error codes. */
export class LocalServiceError extends Error {
  constructor(
    readonly code: 'server_missing' | 'server_failed',
    message: string,
    readonly context: Record<string, unknown>,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

export class MissingServerError extends LocalServiceError {
  constructor(binary: string) {
    super('server_missing', `${binary} is not installed. Run \`npm run setup\` to install the local services.`, { binary });
  }
}

export function which(binary: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs];
  return dirs.map((d) => join(d, binary)).find((p) => existsSync(p));
}

/** Where `go install` puts binaries: $GOBIN, else $GOPATH/bin, else ~/go/bin. */
export function goBinDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.GOBIN) dirs.push(process.env.GOBIN);
  const go = spawnSync('go', ['env', 'GOBIN', 'GOPATH'], { encoding: 'utf8' });
  if (go.status === 0) {
    const [gobin, gopath] = go.stdout.split('\n');
    if (gobin) dirs.push(gobin);
    if (gopath) dirs.push(...gopath.split(delimiter).map((p) => join(p, 'bin')));
  }
  if (process.env.HOME) dirs.push(join(process.env.HOME, 'go', 'bin'));
  return dirs;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port, or rejects when the process dies first. */
async function waitForPort(port: number, child: ChildProcess, name: string, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new LocalServiceError('server_failed', `${name} exited with code ${child.exitCode}: ${tail(logFile)}`, { name });
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new LocalServiceError('server_failed', `${name} did not start listening on port ${port}: ${tail(logFile)}`, { name });
    await new Promise((r) => setTimeout(r, 50));
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}

function launch(binary: string, args: string[], dir: string, name: string): ChildProcess {
  const log = openSync(join(dir, `${name}.log`), 'a');
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', log, log] });
  closeSync(log);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function findRedisServer(): string {
  const bin = which('redis-server', ['/usr/sbin', '/usr/local/bin']);
  if (!bin) throw new MissingServerError('redis-server');
  return bin;
}

export function findMongoServer(): { flavor: 'mongod' | 'ferretdb'; bin: string } {
  const mongod = which('mongod');
  if (mongod) return { flavor: 'mongod', bin: mongod };
  const ferretdb = which('ferretdb', goBinDirs());
  if (ferretdb) return { flavor: 'ferretdb', bin: ferretdb };
  throw new MissingServerError('mongod or ferretdb');
}

export interface ServerHandle {
  url: string;
  child: ChildProcess;
  port: number;
  /** Start the same server again on the same port and data (to test a restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(dir: string): Promise<ServerHandle> {
  const bin = findRedisServer();
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir, '--protected-mode', 'yes'];
  const handle: ServerHandle = {
    url: `redis://127.0.0.1:${port}`,
    port,
    child: launch(bin, args, dir, 'redis'),
    async restart() {
      await stopProcess(handle.child);
      handle.child = launch(bin, args, dir, 'redis');
      await waitForPort(port, handle.child, 'redis-server', join(dir, 'redis.log'));
    },
    stop: () => stopProcess(handle.child),
  };
  await waitForPort(port, handle.child, 'redis-server', join(dir, 'redis.log'));
  return handle;
}

export async function startMongo(dir: string): Promise<ServerHandle & { flavor: 'mongod' | 'ferretdb' }> {
  const { flavor, bin } = findMongoServer();
  const port = await freePort();
  const args =
    flavor === 'mongod'
      ? ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet']
      : [
          '--handler=sqlite',
          `--sqlite-url=file:${dir}/`,
          `--listen-addr=127.0.0.1:${port}`,
          `--state-dir=${dir}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=warn',
        ];
  const handle = {
    flavor,
    url: `mongodb://127.0.0.1:${port}/`,
    port,
    child: launch(bin, args, dir, flavor),
    async restart() {
      await stopProcess(handle.child);
      handle.child = launch(bin, args, dir, flavor);
      await waitForPort(port, handle.child, flavor, join(dir, `${flavor}.log`));
    },
    stop: () => stopProcess(handle.child),
  };
  await waitForPort(port, handle.child, flavor, join(dir, `${flavor}.log`));
  return handle;
}

/** Starts both servers in a fresh temp dir; `stop` ends them and removes the dir. */
export async function startLocalServices(): Promise<LocalServices> {
  // Check both binaries before starting either, so a missing one fails at once.
  findRedisServer();
  findMongoServer();
  const dir = mkdtempSync(join(scratchRoot(), 'arcadia-services-'));
  const subdir = (name: string) => {
    const path = join(dir, name);
    mkdirSync(path);
    return path;
  };
  const redis = await startRedis(subdir('redis'));
  let mongo: Awaited<ReturnType<typeof startMongo>>;
  try {
    mongo = await startMongo(subdir('mongo'));
  } catch (err) {
    await redis.stop();
    throw err;
  }
  return {
    redisUrl: redis.url,
    mongoUri: mongo.url,
    mongoFlavor: mongo.flavor,
    async stop() {
      await Promise.all([redis.stop(), mongo.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Where throwaway servers keep their data: RAM-backed /dev/shm when the machine has it, since
 * these servers are thrown away anyway and fsync to disk dominated their write times.
 */
export function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}
