import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  openSync,
  closeSync,
  readFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/**
 * Throwaway Redis and MongoDB-wire servers on free loopback ports, in temp dirs, for the test
 * suite, the demo and the benchmarks. MongoDB is a real `mongod` when one is installed, else FerretDB
 * on a throwaway PostgreSQL cluster (telemetry off). Nothing here reaches beyond 127.0.0.1.
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
    super('server_missing', `${binary} is not installed. Run \`npm run setup\` to install the local services.`, {
      binary,
    });
  }
}

/**
 * `mongoUri` (as a LocalServices hands it out, with or without a query such as FerretDB's
 * maxPoolSize) naming the database `dbName`: the name goes in the path, before any query.
 */
export function databaseUri(mongoUri: string, dbName: string): string {
  const url = new URL(mongoUri);
  url.pathname = `/${dbName}`;
  return url.toString();
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
async function waitForPort(
  port: number,
  child: ChildProcess,
  name: string,
  logFile: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new LocalServiceError('server_failed', `${name} exited with code ${child.exitCode}: ${tail(logFile)}`, {
        name,
      });
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
    if (Date.now() > deadline)
      throw new LocalServiceError(
        'server_failed',
        `${name} did not start listening on port ${port}: ${tail(logFile)}`,
        { name },
      );
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

function launch(binary: string, args: string[], dir: string, name: string, user?: SystemUser): ChildProcess {
  const log = openSync(join(dir, `${name}.log`), 'a');
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', log, log], uid: user?.uid, gid: user?.gid });
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

export function findMongoServer():
  { flavor: 'mongod'; bin: string } | { flavor: 'ferretdb'; bin: string; postgres: string } {
  const mongod = which('mongod');
  if (mongod) return { flavor: 'mongod', bin: mongod };
  const ferretdb = which('ferretdb', goBinDirs());
  if (!ferretdb) throw new MissingServerError('mongod or ferretdb');
  return { flavor: 'ferretdb', bin: ferretdb, postgres: findPostgresBinDir() };
}

/** The directory holding `postgres`, `initdb` and `psql`: Debian's newest /usr/lib/postgresql/N/bin, else PATH. */
export function findPostgresBinDir(): string {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(join(debian, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(debian, versions[0], 'bin');
  const onPath = which('postgres');
  if (onPath && existsSync(join(dirname(onPath), 'initdb'))) return dirname(onPath);
  throw new MissingServerError('postgres (PostgreSQL, for FerretDB)');
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
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'yes',
    '--dir',
    dir,
    '--protected-mode',
    'yes',
  ];
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
  const found = findMongoServer();
  const { flavor, bin } = found;
  const postgres = found.flavor === 'ferretdb' ? await startPostgres(found.postgres) : undefined;
  const port = await freePort();
  const args = postgres
    ? [
        '--handler=postgresql',
        `--postgresql-url=${postgres.url}`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${dir}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
      ]
    : ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'];
  const handle = {
    flavor,
    // FerretDB: each client process sends at most FERRETDB_CLIENT_COMMANDS commands at once, so
    // the connections they can hold stay inside FerretDB's PostgreSQL pool (see FERRETDB_POOL).
    url:
      flavor === 'ferretdb'
        ? `mongodb://127.0.0.1:${port}/?maxPoolSize=${FERRETDB_CLIENT_COMMANDS}`
        : `mongodb://127.0.0.1:${port}/`,
    port,
    child: launch(bin, args, dir, flavor),
    // A restart is the MongoDB-wire server's: FerretDB comes back on the same PostgreSQL data.
    async restart() {
      await stopProcess(handle.child);
      handle.child = launch(bin, args, dir, flavor);
      await waitForPort(port, handle.child, flavor, join(dir, `${flavor}.log`));
    },
    async stop() {
      await stopProcess(handle.child);
      await postgres?.stop();
    },
  };
  try {
    await waitForPort(port, handle.child, flavor, join(dir, `${flavor}.log`));
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}

/**
 * FerretDB's PostgreSQL connection. FerretDB 1.24 runs each statement of an `update` command as a
 * query plus a write, and closes the query of a statement that matched a document (updateOne,
 * replaceOne, an upsert that found one) only when the whole command ends, so such a command holds a
 * pooled connection per matched statement while acquiring one more for each write; past the pool's
 * limit every command waits for another's connections, and FerretDB stops answering. So the product
 * keeps every command to WRITE_BATCH statements (src/sync/write-batch.ts), and the pool must exceed
 * that batch (a page's writes: 200) times the commands in flight at once:
 * FERRETDB_CLIENT_COMMANDS per client process (the driver's maxPoolSize in the URL handed out),
 * for two busy processes (a test file or worker and its helper, or the scale-out bench's workers).
 * On MongoDB none of this applies: the URL carries no pool limit.
 */
const FERRETDB_CLIENT_COMMANDS = 4;
const FERRETDB_POOL = 2 * FERRETDB_CLIENT_COMMANDS * 200 + 40;

/**
 * FerretDB pushes top-level equality down as `_jsonb -> 'field' @> value`, which the btree
 * indexes it builds for `createIndexes` cannot serve. This event trigger gives every such btree
 * index a GIN (jsonb_path_ops) companion on the same expressions, so `_id` and indexed equality
 * become index scans instead of sequential ones; dropping the index drops its companion.
 */
export const GIN_COMPANION_SQL = `
CREATE FUNCTION arcadia_gin_companion() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE
  cmd record;
  keys int;
  tbl text;
  expr text;
  cols text[];
BEGIN
  FOR cmd IN SELECT objid, object_identity FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    SELECT x.indnkeyatts, x.indrelid::regclass::text INTO keys, tbl
      FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am a ON a.oid = c.relam
      WHERE x.indexrelid = cmd.objid AND a.amname = 'btree';
    CONTINUE WHEN keys IS NULL;
    cols := '{}';
    FOR k IN 1..keys LOOP
      expr := pg_get_indexdef(cmd.objid, k, true);
      IF expr ~ $re$^[(]?_jsonb -> '[^']+'::text[)]?$$re$ THEN
        cols := cols || format('(%s) jsonb_path_ops', expr);
      END IF;
    END LOOP;
    IF cardinality(cols) > 0 THEN
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s)', 'gin_' || md5(cmd.object_identity), tbl, array_to_string(cols, ', '));
    END IF;
  END LOOP;
END
$fn$;
CREATE EVENT TRIGGER arcadia_gin_companion ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION arcadia_gin_companion();

CREATE FUNCTION arcadia_gin_companion_drop() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE
  obj record;
BEGIN
  FOR obj IN SELECT schema_name, object_identity FROM pg_event_trigger_dropped_objects() WHERE object_type = 'index' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', obj.schema_name, 'gin_' || md5(obj.object_identity));
  END LOOP;
END
$fn$;
CREATE EVENT TRIGGER arcadia_gin_companion_drop ON sql_drop WHEN TAG IN ('DROP INDEX') EXECUTE FUNCTION arcadia_gin_companion_drop();
`;

interface SystemUser {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` (else `nobody`) user. */
function postgresUser(): SystemUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new LocalServiceError(
    'server_failed',
    'PostgreSQL cannot run as root and this machine has no postgres or nobody user to run it as.',
    { name: 'postgres' },
  );
}

/** Runs a PostgreSQL tool to completion; its output goes to the cluster's log. */
function runTool(
  binDir: string,
  tool: string,
  args: string[],
  dir: string,
  user: SystemUser | undefined,
): Promise<number | null> {
  return new Promise((resolve) => {
    const child = launch(join(binDir, tool), args, dir, tool, user);
    child.once('error', () => resolve(-1));
    child.once('exit', (code) => resolve(code));
  });
}

/**
 * A throwaway PostgreSQL cluster for FerretDB: initdb in RAM-backed scratch space, fsync off, trust
 * auth on 127.0.0.1 only, a free port, the GIN companion trigger. `stop` ends it and removes its data.
 */
export async function startPostgres(binDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const user = postgresUser();
  // Its own directory (not the caller's, which may be private to root), owned by the user it runs as.
  const dir = mkdtempSync(join(scratchRoot(), 'arcadia-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const initdb = await runTool(
    binDir,
    'initdb',
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    dir,
    user,
  );
  if (initdb !== 0) {
    const detail = tail(join(dir, 'initdb.log'));
    remove();
    throw new LocalServiceError('server_failed', `initdb failed: ${detail}`, { name: 'postgres' });
  }
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    // Thrown away afterwards: durability buys nothing here.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: String(FERRETDB_POOL + 20),
    // FerretDB's statements are prepared with the field name as a parameter; a generic plan
    // cannot match the expression indexes, a custom plan can.
    plan_cache_mode: 'force_custom_plan',
  };
  const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = launch(join(binDir, 'postgres'), args, dir, 'postgres', user);
  const stop = async () => {
    await stopProcess(child);
    remove();
  };
  try {
    await waitForPort(port, child, 'postgres', log);
    // Accepting connections comes a moment before accepting queries: retry until psql gets through.
    const psql = [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-q',
    ];
    const deadline = Date.now() + 30_000;
    while ((await runTool(binDir, 'psql', [...psql, '-c', 'SELECT 1'], dir, user)) !== 0) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new LocalServiceError('server_failed', `postgres did not accept queries: ${tail(log)}`, {
          name: 'postgres',
        });
      await new Promise((r) => setTimeout(r, 50));
    }
    if ((await runTool(binDir, 'psql', [...psql, '-c', GIN_COMPANION_SQL], dir, user)) !== 0) {
      throw new LocalServiceError(
        'server_failed',
        `could not create the index trigger: ${tail(join(dir, 'psql.log'))}`,
        { name: 'postgres' },
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres?pool_max_conns=${FERRETDB_POOL}`, stop };
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
