/**
 * `npm run bench`: every benchmark, one table each; writes bench/RESULTS.md with the machine and date.
 * Figures are measured in this run; ratios are against baselines measured in this same run.
 * `BENCH_QUICK=1` leaves out the largest sizes; `BENCH_ONLY=sync,invoice` runs some sections only
 * (`BENCH_ONLY=home` the Home tab figure alone).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../src/repo-path.js';
import { billingBenchmark } from './billing.js';
import { forecastBenchmark } from './forecast.js';
import { homeBenchmark } from './home.js';
import { count, QUICK, machine, table, type BenchSection, type GrowthRow, type TargetRow } from './lib.js';
import { invoiceBenchmark } from './invoice.js';
import { scaleOutBenchmark } from './scale-out.js';
import { slackBenchmark } from './slack.js';
import { syncBenchmark } from './sync.js';

/** Every size the benchmarks are specified at, and the smaller set of a BENCH_QUICK run. */
const FULL_SIZES = {
  sync: [1_000, 20_000, 100_000],
  scaleOut: [5_000, 100_000],
  invoice: [5_000, 50_000, 400_000],
  homeInvoice: 400_000,
};
const QUICK_SIZES = { sync: [1_000, 20_000], scaleOut: [5_000, 20_000], invoice: [5_000, 50_000], homeInvoice: 40_000 };
/** Sizes of this run: all of them fit `npm run bench` in 15 minutes on a 2-core machine with FerretDB. */
const SIZES = {
  ...(QUICK ? QUICK_SIZES : FULL_SIZES),
  syncCompareAt: 1_000,
  workers: [1, 2],
  inventory: 20_000,
  naiveSample: Number(process.env.BENCH_NAIVE_LINES ?? 4),
  slackConcurrency: [50, 200],
  slackSyncDroplets: 20_000,
};

const only = new Set(
  (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const sections: string[] = [];
const growth: GrowthRow[] = [];
const targets: TargetRow[] = [];
const facts: Record<string, string> = {};
const ran: string[] = [];
const started = new Date();

async function section(key: string, name: string, run: () => Promise<BenchSection>): Promise<void> {
  if (only.size && !only.has(key)) return;
  console.log(`\n## ${name}\n`);
  const t0 = performance.now();
  const result = await run();
  const minutes = ((performance.now() - t0) / 60_000).toFixed(1);
  console.log(result.text);
  console.log(`\n(${name}: ${minutes} min)`);
  sections.push(`## ${name}\n\n${result.text}`);
  growth.push(...result.growth);
  targets.push(...(result.targets ?? []));
  Object.assign(facts, result.facts ?? {});
  ran.push(`${name} ${minutes} min`);
}

await section('sync', 'Inventory sync', () => syncBenchmark({ sizes: SIZES.sync, compareAt: SIZES.syncCompareAt }));
await section('scale-out', 'Scale-out: several worker processes', () =>
  scaleOutBenchmark({ sizes: SIZES.scaleOut, workerCounts: SIZES.workers }),
);
await section('invoice', 'Invoice ingest and match', () =>
  invoiceBenchmark({ inventory: SIZES.inventory, sizes: SIZES.invoice, naiveSample: SIZES.naiveSample }),
);
await section('billing', 'Tenant billing allocation', () =>
  billingBenchmark({
    lines: 200_000,
    tenants: 50,
    resources: SIZES.inventory,
    ingestLinesPerSecond: facts.ingestLinesPerSecond,
  }),
);
await section('forecast', 'Month-end forecast', () =>
  forecastBenchmark({ resources: QUICK ? 20_000 : 100_000, tenants: 50, previewLines: QUICK ? 2_000 : 10_000 }),
);
await section('home', 'Home tab opens', () => homeBenchmark({ lines: SIZES.homeInvoice, inventory: SIZES.inventory }));
await section('slack', 'Slack: time to ack', () =>
  slackBenchmark({ concurrency: SIZES.slackConcurrency, syncDroplets: SIZES.slackSyncDroplets }),
);

const list = (sizes: number[]) => sizes.map(count).join(' / ');
const sizesText = [
  '## Sizes in this run',
  '',
  table(
    ['benchmark', 'sizes run', 'every size (the default)'],
    [
      ['sync (droplets)', list(SIZES.sync), list(FULL_SIZES.sync)],
      ['scale-out (resources, 1 / 2 workers)', list(SIZES.scaleOut), list(FULL_SIZES.scaleOut)],
      [`invoice (lines, against ${count(SIZES.inventory)} resources)`, list(SIZES.invoice), list(FULL_SIZES.invoice)],
      ['slack (commands at once, during a sync)', list(SIZES.slackConcurrency), list(SIZES.slackConcurrency)],
      ['home (invoice lines stored)', count(SIZES.homeInvoice), count(FULL_SIZES.homeInvoice)],
    ],
  ),
  '',
  [
    QUICK
      ? 'This run used BENCH_QUICK=1, which leaves out the largest sizes; `npm run bench` runs every size.'
      : 'Every size ran.',
    'The MongoDB-wire server here is FerretDB 1.24 on a throwaway PostgreSQL cluster with GIN companion indexes: top-level',
    'equality and `_id` lookups are index scans; ranges, `$in` and aggregation stages are filtered by FerretDB itself, and',
    'every returned document is decoded from jsonb (see the README, "The test backend").',
    facts.scanSeconds
      ? `In this run one query against the ${facts.inventory}-resource collection took ${facts.scanSeconds} s, and the naive invoice matcher ${facts.naiveSecondsPerLine} s per line.`
      : '',
    'The naive baselines (one upsert per droplet, one lookup per invoice line) run on a sample of the same data in the same',
    'run, and are compared per item.',
  ]
    .filter(Boolean)
    .join('\n'),
].join('\n');

function shape(row: GrowthRow): string {
  const sizeRatio = row.largest.size / row.smallest.size;
  const valueRatio = row.largest.value / row.smallest.value;
  const relative = valueRatio / sizeRatio;
  if (relative < 0.8) return `grows slower than the size (${valueRatio.toFixed(1)}x for ${sizeRatio.toFixed(0)}x)`;
  if (relative > 1.25) return `grows faster than the size (${valueRatio.toFixed(1)}x for ${sizeRatio.toFixed(0)}x)`;
  return `about linear (${valueRatio.toFixed(1)}x for ${sizeRatio.toFixed(0)}x)`;
}

const growthText = [
  '## Cost of growth',
  '',
  'Each figure at the smallest and the largest size this run measured; linear growth is the goal for times, flat for memory.',
  '',
  table(
    ['benchmark', 'figure', 'smallest', 'largest', 'growth', 'why'],
    growth.map((row) => [
      row.benchmark,
      row.figure,
      `${count(row.smallest.size)}: ${row.smallest.value.toFixed(1)}`,
      `${count(row.largest.size)}: ${row.largest.value.toFixed(1)}`,
      shape(row),
      row.why,
    ]),
  ),
].join('\n');

const targetsText = [
  '## Targets',
  '',
  'Each figure against its target, as a ratio to the floor measured on the same server in the same run (or to the',
  "figure's own baseline), and what bounds it. The sections below hold the details.",
  '',
  table(
    ['figure', 'target', 'measured', 'ratio', 'met', 'bounded by'],
    targets.map((t) => [t.figure, t.target, t.measured, `${t.ratio.toFixed(2)}x`, t.met ? 'yes' : '**no**', t.bound]),
  ),
].join('\n');

const report = [
  '# Benchmark results',
  '',
  `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}.`,
  `Every figure comes from the run that wrote this file (\`${QUICK ? 'BENCH_QUICK=1 ' : ''}npm run bench\`), which took`,
  `${((Date.now() - started.getTime()) / 60_000).toFixed(1)} minutes (${ran.join(', ')}).`,
  '',
  ...(targets.length ? [targetsText, ''] : []),
  sizesText,
  '',
  ...sections.flatMap((s) => [s, '']),
  growthText,
  '',
].join('\n');
// A partial run (BENCH_ONLY) never replaces the full results.
const out = only.size ? join(tmpdir(), 'arcadia-bench-partial.md') : repoPath('bench', 'RESULTS.md');
writeFileSync(out, report);
console.log(`\n${targets.length ? `${targetsText}\n\n` : ''}${growthText}\n\nwrote ${out}`);
process.exit(0);
