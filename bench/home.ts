/**
 * Home tab benchmark: the receiver's CPU per Home tab open with a large invoice stored. The invoice
 * is ingested first (in a process of its own, as bench/invoice.ts does); then a receiver process
 * (bench/home-open.mts) opens the tab as finance users, who see the invoice line. The baseline,
 * measured in that process in the same run, is what every open read before the summary was stored
 * on the invoice: the period's invoice report, every line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { connectDatabase, disconnectDatabase } from '../src/db.js';
import { DoStandin } from '../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../testkit/digitalocean/account.js';
import { SlackStandin } from '../testkit/slack/slack-standin.js';
import { seedResources } from '../test/invoice/seed.js';
import { generatedInventory, generatedItems, itemsAsCsv } from '../test/invoice/generated-invoice.js';
import { ingestInChild } from './invoice.js';
import { benchServices, count, databaseUri, runJsonScript, seconds, table, type BenchSection } from './lib.js';

export interface HomeBenchOptions {
  /** Lines of the stored invoice. */
  lines: number;
  /** Resources it is matched against. */
  inventory: number;
}

interface HomeRun {
  lines: number;
  opens: number;
  cpuMsPerOpen: number;
  msPerOpen: number;
  concurrent: number;
  concurrentMs: number;
  baselineCpuMs: number;
  baselineMs: number;
  olderCpuMs: number;
  olderMs: number;
  olderStored: boolean;
}

const SEED_CHUNK = 5_000;
/** Target: an open's CPU at most this share of the old open's read of every line. */
const TARGET_SHARE = 0.01;

export async function homeBenchmark(options: HomeBenchOptions): Promise<BenchSection> {
  const services = await benchServices();
  const mongoUri = databaseUri(services.mongoUri, `arcadia_bench_home_${Date.now()}`);
  const dir = mkdtempSync(join(tmpdir(), 'arcadia-bench-home-'));
  const slack = new SlackStandin();
  const digitalocean = new DoStandin(sampleAccount());
  await Promise.all([slack.start(), digitalocean.start()]);
  await connectDatabase(mongoUri);
  let ingestMs: number;
  let run: HomeRun;
  try {
    const inventory = generatedInventory(options.inventory);
    for (let i = 0; i < inventory.length; i += SEED_CHUNK) await seedResources(inventory.slice(i, i + SEED_CHUNK));
    const file = join(dir, 'invoice.csv');
    writeFileSync(file, itemsAsCsv(generatedItems(options.lines, options.inventory)));
    ingestMs = (await ingestInChild(file, mongoUri)).ms;
    run = await runJsonScript<HomeRun>(
      'home-open.mts',
      {
        MONGODB_URI: mongoUri,
        REDIS_URL: services.redisUrl,
        BENCH_HOME_PREFIX: `arcadia-bench-home-${Date.now()}`,
        SLACK_API_URL: slack.apiUrl,
        SLACK_BOT_TOKEN: slack.token,
        BENCH_DO_URL: digitalocean.url,
        BENCH_DO_TOKEN: digitalocean.token,
      },
      'Home tab receiver',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
    await Promise.all([slack.stop(), digitalocean.stop()]);
    await services.stop();
  }

  const share = run.cpuMsPerOpen / run.baselineCpuMs;
  const text = [
    `### Home tab opens with a ${count(run.lines)}-line invoice stored (${services.flavor})`,
    '',
    `The invoice was ingested and matched against ${count(options.inventory)} resources first (${seconds(ingestMs)} s). Each open is`,
    "`app_home_opened` for a finance user, in a receiver process of its own: the inventory, runs, findings, DO's spend",
    '(a stand-in) and the invoice summary read, the view built and published to the Slack stand-in. CPU is the',
    "receiver process's own (user + system). The baseline is what each open read before the summary was stored on the",
    "invoice (the period's invoice report, every line), measured in the same process in this run.",
    '',
    table(
      ['what', 'receiver CPU ms', 'wall ms'],
      [
        [`open (mean of ${run.opens}, one after another)`, run.cpuMsPerOpen.toFixed(1), run.msPerOpen.toFixed(1)],
        [`${run.concurrent} opens at once`, '', run.concurrentMs.toFixed(0)],
        [
          'baseline: the read every open did before (all lines)',
          run.baselineCpuMs.toFixed(0),
          run.baselineMs.toFixed(0),
        ],
        [
          `first open of an invoice stored before the summary (counted once${run.olderStored ? ', then stored' : ': not stored'})`,
          run.olderCpuMs.toFixed(1),
          run.olderMs.toFixed(0),
        ],
      ],
    ),
    '',
    `An open costs ${(share * 100).toFixed(2)}% of the baseline's CPU (${(1 / share).toFixed(0)}x less).`,
  ].join('\n');
  return {
    text,
    growth: [],
    targets: [
      {
        figure: `receiver CPU per Home tab open, ${count(run.lines)}-line invoice stored`,
        target: `<= ${TARGET_SHARE}x the old open's read of every line`,
        measured: `${run.cpuMsPerOpen.toFixed(1)} ms vs ${run.baselineCpuMs.toFixed(0)} ms`,
        ratio: share,
        met: share <= TARGET_SHARE,
        bound:
          "the open's fixed reads (inventory counts, sync runs, open findings) and the view; no invoice line is read. Wall time is the MongoDB-wire server's: its inventory counts go over every resource",
      },
    ],
  };
}
