/**
 * `npx tsx bench/cli-startup.mts`: how long the CLI takes to start and exit, against `node -e 0`
 * (Node's own start-up) measured in the same run, alternating, as medians and their ratio:
 * `arcadia --version`, `arcadia --help`, and `arcadia resources --json` reading an empty database
 * (throwaway Redis and MongoDB as the other benches start them, or REDIS_URL / MONGODB_URI), with
 * the floor of such a read beside it: a bare script that loads mongoose, connects, finds, disconnects.
 * Runs the built bin (bin/arcadia.js) when `npm run build` has made it, else the sources through
 * tsx (which adds its loader's cost; the line printed says which). BENCH_CLI_RUNS sets the runs (7).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { repoPath } from '../src/repo-path.js';
import { benchServices, databaseUri } from './lib.js';

const runs = Number(process.env.BENCH_CLI_RUNS ?? 7);
const built = existsSync(repoPath('dist', 'src', 'cli.js'));
const what = built ? 'bin/arcadia.js (built)' : 'src/cli.ts through tsx (not built)';
const entry = built ? [repoPath('bin', 'arcadia.js')] : ['--import', 'tsx', repoPath('src', 'cli.ts')];

/** Milliseconds one run of `node ARGS` takes, start to exit; throws if it fails. */
function timed(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, args, { cwd: repoPath(), encoding: 'utf8', env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return ms;
}

// The least a read of the database costs from a cold start: mongoose loaded, one query, nothing else.
const FLOOR = `import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGODB_URI);
await mongoose.connection.db.collection('resources').find({}).toArray();
await mongoose.disconnect();`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const services = await benchServices();
try {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    MONGODB_URI: databaseUri(services.mongoUri, `arcadia_bench_cli_${process.pid}`),
    REDIS_URL: services.redisUrl,
  };
  const commands = [['--version'], ['--help'], ['resources', '--json']];
  const node: number[] = [];
  const floor: number[] = [];
  const arcadia: number[][] = commands.map(() => []);
  const load = loadavg()[0]!;
  for (let i = 0; i < runs; i++) {
    node.push(timed(['-e', '0']));
    commands.forEach((args, c) => arcadia[c]!.push(timed([...entry, ...args], env)));
    floor.push(timed(['--input-type=module', '-e', FLOOR], env));
  }
  const n = median(node);
  console.log(`arcadia start-up: ${what}, median of ${runs} runs, alternating with node -e 0`);
  console.log(`load average ${load.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`);
  console.log(`${'node -e 0'.padEnd(38)}${n.toFixed(0).padStart(6)} ms`);
  commands.forEach((args, c) => {
    const a = median(arcadia[c]!);
    const name = `arcadia ${args.join(' ')}${args[0] === 'resources' ? ' (empty db)' : ''}`;
    console.log(`${name.padEnd(38)}${a.toFixed(0).padStart(6)} ms  ${(a / n).toFixed(1)}x`);
  });
  const f = median(floor);
  console.log(`${'floor: mongoose, connect, find'.padEnd(38)}${f.toFixed(0).padStart(6)} ms  ${(f / n).toFixed(1)}x`);
} finally {
  await services.stop();
}
