/**
 * `npx tsx bench/cli-startup.mts`: how long `arcadia --version` takes to start and exit, against
 * `node -e 0` (Node's own start-up) measured in the same run, alternating, as a ratio of medians.
 * Runs the built bin (bin/arcadia.js) when `npm run build` has made it, else the sources through
 * tsx (which adds its loader's cost; the line printed says which). BENCH_CLI_RUNS sets the runs (7).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoPath } from '../src/repo-path.js';

const runs = Number(process.env.BENCH_CLI_RUNS ?? 7);
const built = existsSync(repoPath('dist', 'src', 'cli.js'));
const cli = built
  ? { what: 'bin/arcadia.js (built)', args: [repoPath('bin', 'arcadia.js'), '--version'] }
  : { what: 'src/cli.ts through tsx (not built)', args: ['--import', 'tsx', repoPath('src', 'cli.ts'), '--version'] };

/** Milliseconds one run of `node ARGS` takes, start to exit; throws if it fails. */
function timed(args: string[]): number {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, args, { cwd: repoPath(), encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const node: number[] = [];
const arcadia: number[] = [];
for (let i = 0; i < runs; i++) {
  node.push(timed(['-e', '0']));
  arcadia.push(timed(cli.args));
}
const n = median(node);
const a = median(arcadia);
console.log(`arcadia --version: ${cli.what}, median of ${runs} runs, alternating with node -e 0`);
console.log(`node -e 0          ${n.toFixed(0)} ms`);
console.log(`arcadia --version  ${a.toFixed(0)} ms`);
console.log(`ratio              ${(a / n).toFixed(1)}x`);
