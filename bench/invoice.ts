/**
 * Invoice benchmark: generated DO invoice CSVs of growing size, ingested and matched against a
 * generated inventory seeded with insertMany (the `_id`s the sync engine writes). Each ingest runs
 * in a process of its own (bench/invoice-ingest.mts) so its peak RSS is its own. The baseline is
 * `matchLinesNaively` (one database lookup per line) on an evenly spread sample of the same lines,
 * measured in this run; rates are compared per line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { connectDatabase, disconnectDatabase } from '../src/db.js';
import { parseInvoiceFile } from '../src/invoice/index.js';
import { matchLinesNaively } from './match-lines-naively.js';
import { Invoice } from '../models/invoice.js';
import { InvoiceLine } from '../models/invoice-line.js';
import { Resource } from '../models/resource.js';
import { seedResources } from '../test/invoice/seed.js';
import { generatedInventory, generatedItems, itemsAsCsv } from '../test/invoice/generated-invoice.js';
import {
  benchServices,
  count,
  databaseUri,
  perSecond,
  runJsonScript,
  seconds,
  table,
  timed,
  type BenchSection,
  type GrowthRow,
  type TargetRow,
} from './lib.js';

export interface InvoiceBenchOptions {
  inventory: number;
  /** Invoice sizes in lines, smallest first. */
  sizes: number[];
  /** Lines matched by the naive baseline (each costs database scans). */
  naiveSample: number;
}

interface IngestRun {
  ms: number;
  lines: number;
  matched: number;
  outcome: string;
  fileMiB: number;
  rssBeforeMiB: number;
  peakRssMiB: number | null;
}

const SEED_CHUNK = 5_000;

/** Lines the generator bills to resources that exist: every line but the "gone" ones and the tax line. */
function expectedMatches(items: Record<string, string>[]): number {
  return items.filter((it) => !/^gone-/.test(it.description ?? '') && it.product !== 'Taxes').length;
}

/** The same file through the pipeline without the database (bench/invoice-pipeline.mts). */
interface PipelineRun {
  ms: number;
  cpuMs: number;
  lines: number;
  linesPerSecond: number;
  linesPerCpuSecond: number;
  peakRssMiB: number | null;
}

/** Target of the pure pipeline (parse + validate + derive + match), lines per second. */
const PIPELINE_TARGET = 50_000;
/** Target peak RSS of an ingest at 400,000 lines, MiB. */
const INGEST_RSS_TARGET_MIB = 256;

async function pipelineInChild(file: string, inventory: number): Promise<PipelineRun> {
  return runJsonScript<PipelineRun>(
    'invoice-pipeline.mts',
    { BENCH_INVOICE_FILE: file, BENCH_PIPELINE_INVENTORY: String(inventory) },
    'invoice pipeline child',
  );
}

/**
 * V8 heap cap for the second ingest of each size (`NODE_OPTIONS=--max-old-space-size=…` on the
 * worker that ingests). Honest because the live heap of an ingest is bounded (a batch, the report's
 * first items, the inventory index): with V8's default limit on a large machine, RSS is mostly
 * garbage not yet collected; under the cap the same ingest completes with the same result, and a
 * live set that grew with the file would crash it instead.
 */
const INGEST_HEAP_CAP_MIB = 128;

/** Runs one ingest in a child process and returns its measurements. */
export async function ingestInChild(file: string, mongoUri: string, nodeArgs: string[] = []): Promise<IngestRun> {
  return runJsonScript<IngestRun>(
    'invoice-ingest.mts',
    { MONGODB_URI: mongoUri, BENCH_INVOICE_FILE: file, ARCADIA_LOG_LEVEL: 'warn' },
    'invoice ingest child',
    nodeArgs,
  );
}

/** Evenly spread lines of the invoice, so the sample holds every kind of line the generator writes. */
function spread<T>(all: T[], n: number): T[] {
  const step = all.length / n;
  return Array.from({ length: n }, (_, i) => all[Math.floor(i * step)]!);
}

export async function invoiceBenchmark(options: InvoiceBenchOptions): Promise<BenchSection> {
  const services = await benchServices();
  const mongoUri = databaseUri(services.mongoUri, `arcadia_bench_invoice_${Date.now()}`);
  const dir = mkdtempSync(join(tmpdir(), 'arcadia-bench-invoice-'));
  await connectDatabase(mongoUri);
  const runs: { size: number; expected: number; run: IngestRun; capped: IngestRun; pipeline: PipelineRun }[] = [];
  let seed: { ms: number };
  let scan: { ms: number };
  let naive: { ms: number; matched: number };
  try {
    const inventory = generatedInventory(options.inventory);
    seed = await timed(async () => {
      for (let i = 0; i < inventory.length; i += SEED_CHUNK) await seedResources(inventory.slice(i, i + SEED_CHUNK));
    });
    // What one lookup costs: the naive matcher's project query, which matches nothing here.
    scan = await timed(() => Resource.find({ kind: 'project', name: 'default' }).lean());

    const smallest = parseInvoiceFile(Buffer.from(itemsAsCsv(generatedItems(options.sizes[0]!, options.inventory))));
    const sample = spread(smallest.lines, options.naiveSample);
    const naiveRun = await timed(() => matchLinesNaively(sample));
    naive = { ms: naiveRun.ms, matched: naiveRun.value.filter((l) => l.match).length };

    for (const size of options.sizes) {
      const items = generatedItems(size, options.inventory);
      const file = join(dir, `invoice-${size}.csv`);
      writeFileSync(file, itemsAsCsv(items));
      // Each size is a first ingest into empty invoice collections.
      await emptyInvoiceCollections();
      const pipeline = await pipelineInChild(file, options.inventory);
      const run = await ingestInChild(file, mongoUri);
      await emptyInvoiceCollections();
      const capped = await ingestInChild(file, mongoUri, [`--max-old-space-size=${INGEST_HEAP_CAP_MIB}`]);
      runs.push({ size, expected: expectedMatches(items), run, capped, pipeline });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
    await services.stop();
  }

  const naivePerSecond = options.naiveSample / (naive.ms / 1000);
  const lines: string[] = [
    `### Ingest + match of a DO invoice CSV against ${count(options.inventory)} resources (${services.flavor})`,
    '',
    `Inventory seeded with insertMany in ${seconds(seed.ms)} s. The CSV carries no resource ids (as DO's export), so lines`,
    'match by kind and name, narrowed by project, dates and region. Each ingest (parse, validate, load the inventory once,',
    'match in memory, store lines with insertMany, a batch at a time) runs in a fresh process; RSS before is after reading the file.',
    '',
    table(
      [
        'lines',
        'file MiB',
        'seconds',
        'lines/s',
        'matched',
        'expected',
        'RSS before MiB',
        'peak RSS MiB',
        `peak RSS MiB, heap capped at ${INGEST_HEAP_CAP_MIB} MiB`,
        'vs naive, per line',
      ],
      runs.map(({ size, expected, run, capped }) => [
        count(size),
        run.fileMiB.toFixed(1),
        seconds(run.ms),
        perSecond(run.lines, run.ms),
        count(run.matched),
        count(expected),
        run.rssBeforeMiB,
        run.peakRssMiB ?? 'n/a',
        capped.matched === run.matched
          ? (capped.peakRssMiB ?? 'n/a')
          : `${capped.peakRssMiB ?? 'n/a'} (matched ${count(capped.matched)}: differs)`,
        `${(run.lines / (run.ms / 1000) / naivePerSecond).toFixed(0)}x`,
      ]),
    ),
    '',
    '',
    `Without the database (\`bench/invoice-pipeline.mts\`, the ingest's own \`matchStream\` with storing left out, the inventory in memory):`,
    `parse + validate + derive + match, target ${count(PIPELINE_TARGET)} lines/s. Lines per CPU-second counts the process's CPU time (GC threads`,
    'included), which a busy machine does not inflate; lines/s is wall time.',
    '',
    table(
      ['lines', 'seconds', 'lines/s', 'vs target', 'CPU seconds', 'lines per CPU-second', 'peak RSS MiB'],
      runs.map(({ size, pipeline }) => [
        count(size),
        seconds(pipeline.ms),
        count(pipeline.linesPerSecond),
        `${(pipeline.linesPerSecond / PIPELINE_TARGET).toFixed(2)}x`,
        seconds(pipeline.cpuMs),
        count(pipeline.linesPerCpuSecond),
        pipeline.peakRssMiB ?? 'n/a',
      ]),
    ),
    '',
    `Ingest peak RSS target: ${INGEST_RSS_TARGET_MIB} MiB at 400,000 lines. ${(() => {
      const at = runs.find((r) => r.size === 400_000);
      return at?.run.peakRssMiB != null
        ? `Measured ${at.run.peakRssMiB} MiB with V8's default heap limit, ${at.capped.peakRssMiB} MiB with the heap capped at ${INGEST_HEAP_CAP_MIB} MiB (${((at.capped.peakRssMiB ?? 0) / INGEST_RSS_TARGET_MIB).toFixed(2)}x the target).`
        : 'Not run at that size (BENCH_QUICK).';
    })()}`,
    `The second ingest of each size runs with \`--max-old-space-size=${INGEST_HEAP_CAP_MIB}\` (what \`NODE_OPTIONS\` sets for a worker): the live heap`,
    "of an ingest is a batch of lines, the report's first items and the inventory index, so the cap only makes V8 collect garbage",
    'sooner; a live set that grew with the file would make the capped ingest fail instead of finishing with the same matches.',
    '',
    `Naive baseline (\`matchLinesNaively\`: one query per line, plus one for the line's project), on ${options.naiveSample} lines spread over the`,
    `${count(options.sizes[0]!)}-line invoice: ${seconds(naive.ms)} s, ${(naive.ms / 1000 / options.naiveSample).toFixed(1)} s per line (${naivePerSecond.toFixed(2)} lines/s),`,
    `${naive.matched} of ${options.naiveSample} matched. One such query (by kind and name) against the ${count(options.inventory)}-resource collection took ${scan.ms.toFixed(1)} ms in this run;`,
    "the naive matcher's other queries (name patterns, ranges) are filtered by FerretDB itself. The ratio compares the whole ingest (parse and store included)",
    'with the naive matching alone, so it understates the gap.',
  ];
  if (runs.length >= 2) {
    const [a, b] = [runs[0]!, runs[1]!];
    const perLine = (b.run.ms - a.run.ms) / (b.size - a.size);
    const fixed = a.run.ms - perLine * a.size;
    lines.push(
      '',
      `From the two smallest sizes: each further 1,000 lines cost ${seconds(perLine * 1000)} s, and about ${seconds(Math.max(0, fixed))} s is paid`,
      'once per ingest whatever its size (mostly reading the inventory into memory, one scan of the resources collection).',
    );
  }
  const largest = runs.at(-1)!;
  const targets: TargetRow[] = [
    {
      figure: `invoice pipeline without the database, ${count(largest.size)} lines`,
      target: `>= ${count(PIPELINE_TARGET)} lines/s`,
      measured: `${count(largest.pipeline.linesPerSecond)} lines/s (${count(largest.pipeline.linesPerCpuSecond)} per CPU-second)`,
      ratio: largest.pipeline.linesPerSecond / PIPELINE_TARGET,
      met: largest.pipeline.linesPerSecond >= PIPELINE_TARGET,
      bound: 'csv-parse and per-line validation on one core',
    },
    {
      figure: `ingest peak RSS, ${count(largest.size)} lines${largest.size === 400_000 ? '' : ' (the target is at 400,000)'}`,
      target: `<= ${INGEST_RSS_TARGET_MIB} MiB`,
      measured: `${largest.capped.peakRssMiB ?? 'n/a'} MiB with the heap capped at ${INGEST_HEAP_CAP_MIB} MiB (${largest.run.peakRssMiB ?? 'n/a'} MiB without)`,
      ratio: (largest.capped.peakRssMiB ?? Number.NaN) / INGEST_RSS_TARGET_MIB,
      met:
        (largest.capped.peakRssMiB ?? Infinity) <= INGEST_RSS_TARGET_MIB &&
        largest.capped.matched === largest.run.matched,
      bound:
        "the process baseline (Node, tsx, mongoose) plus the upload's bytes, one batch and the inventory index; without a cap, V8 lets garbage grow on a machine with memory to spare",
    },
  ];
  return {
    text: lines.join('\n'),
    growth: growthOf(runs),
    targets,
    facts: {
      ingestLinesPerSecond: perSecond(runs.at(-1)!.run.lines, runs.at(-1)!.run.ms),
      scanSeconds: seconds(scan.ms),
      inventory: count(options.inventory),
      naiveSecondsPerLine: (naive.ms / 1000 / options.naiveSample).toFixed(1),
    },
  };
}

function growthOf(runs: { size: number; run: IngestRun }[]): GrowthRow[] {
  const small = runs[0]!;
  const large = runs[runs.length - 1]!;
  if (small === large) return [];
  return [
    {
      benchmark: 'invoice',
      figure: 'ingest + match, seconds',
      smallest: { size: small.size, value: small.run.ms / 1000 },
      largest: { size: large.size, value: large.run.ms / 1000 },
      why: 'the inventory is read once per ingest (a full scan of the resources collection), a fixed cost that the small invoice pays in full; lines themselves cost a parse, an in-memory lookup and their share of an insertMany',
    },
    ...(small.run.peakRssMiB !== null && large.run.peakRssMiB !== null
      ? [
          {
            benchmark: 'invoice',
            figure: 'ingest peak RSS, MiB',
            smallest: { size: small.size, value: small.run.peakRssMiB },
            largest: { size: large.size, value: large.run.peakRssMiB },
            why: "lines are streamed a batch at a time into a generation the invoice points at only when complete, so memory holds the upload's bytes, a batch, the report's first 10,000 items and the inventory index; what is above that is garbage V8 has not yet collected",
          },
        ]
      : []),
  ];
}

/**
 * Drops the invoice collections and builds their indexes again. Not deleteMany: FerretDB (the test
 * backend) passes one SQL parameter per deleted document and refuses a delete of more than 65,535.
 */
async function emptyInvoiceCollections(): Promise<void> {
  await Promise.all([
    InvoiceLine.collection.drop().catch(() => undefined),
    Invoice.collection.drop().catch(() => undefined),
  ]);
  await Promise.all([InvoiceLine.createIndexes(), Invoice.createIndexes()]);
}
