/**
 * Anomaly detection benchmark: a stored daily series of `days` × `skus` SKUs × `tenants` tenants
 * (one `daily_spend` document each), then the daily check's judging of the latest day as
 * `recordAnomalies` does it (the window read, the series built, every series judged, the fresh
 * anomalies explained and recorded), against reading the same documents raw from the database in
 * the same run.
 */
import mongoose from 'mongoose';
import { DailySpend } from '../models/daily-spend.js';
import { Anomaly } from '../models/anomaly.js';
import { recordAnomalies } from '../src/anomaly/anomaly-store.js';
import { detectAnomalies } from '../src/anomaly/detect.js';
import { loadSeries } from '../src/anomaly/daily-spend.js';
import { addDays, daysBetween } from '../src/anomaly/days.js';
import { DEFAULTS } from '../src/config.js';
import { plural } from '../src/plural.js';
import { connectDatabase, disconnectDatabase } from '../src/db.js';
import { benchServices, count, databaseUri, seconds, table, timed, type BenchSection } from './lib.js';

export interface AnomalyBenchOptions {
  days: number;
  skus: number;
  tenants: number;
}

const CHUNK = 10_000;
const LAST = '2026-02-28';

export async function anomalyBenchmark(options: AnomalyBenchOptions): Promise<BenchSection> {
  const services = await benchServices();
  await connectDatabase(databaseUri(services.mongoUri, `arcadia_bench_anomaly_${Date.now()}`));
  try {
    await DailySpend.init();
    const days = daysBetween(addDays(LAST, -(options.days - 1)), LAST);
    const readAt = new Date();
    // Every tenant pays for every SKU; one series in 500 jumps on the last day, so some get explained and recorded.
    let batch: Record<string, unknown>[] = [];
    let docs = 0;
    const { ms: loadMs } = await timed(async () => {
      for (let t = 0; t < options.tenants; t++) {
        for (let s = 0; s < options.skus; s++) {
          const base = 50 + ((t * 31 + s * 17) % 900);
          const jumps = (t * options.skus + s) % 500 === 0;
          for (const [i, day] of days.entries()) {
            batch.push({
              account: 'default',
              day,
              sku: `1-DO-SKU-${s}`,
              description: `resource-${t}-${s}`,
              region: 'nyc3',
              groupDescription: '',
              product: 'Droplets',
              cents: day === LAST && jumps ? base * 6 + 500 : base + (i % 3),
              tenant: `tenant-${t}`,
              resource: null,
              readAt,
            });
            if (batch.length === CHUNK) {
              await DailySpend.collection.insertMany(batch, { ordered: false });
              docs += batch.length;
              batch = [];
            }
          }
        }
      }
      if (batch.length) await DailySpend.collection.insertMany(batch, { ordered: false });
      docs += batch.length;
    });

    const from = addDays(LAST, -100);
    const raw = await timed(
      async () => (await DailySpend.collection.find({ day: { $gte: from, $lte: LAST } }).toArray()).length,
    );
    const series = await timed(() => loadSeries(from, LAST));
    const pure = await timed(async () =>
      detectAnomalies({ day: LAST, series: series.value, open: [], settings: DEFAULTS }),
    );
    await Anomaly.deleteMany({});
    const run = await timed(() => recordAnomalies(DEFAULTS, new Date(`${addDays(LAST, 1)}T08:15:00Z`)));
    const ratio = run.ms / raw.ms;
    const text = [
      `### ${options.days} days × ${options.skus} SKUs × ${options.tenants} tenants (${count(docs)} daily_spend documents)`,
      '',
      table(
        ['step', 'time (s)', 'vs raw read'],
        [
          [`stored (insertMany, ${count(CHUNK)} a batch)`, seconds(loadMs), '-'],
          [`raw read of the same documents (${count(raw.value)}, find().toArray())`, seconds(raw.ms), '1.00x'],
          [
            `the series built (${count(series.value.length)} series)`,
            seconds(series.ms),
            `${(series.ms / raw.ms).toFixed(2)}x`,
          ],
          [`detection alone (pure, every series judged)`, seconds(pure.ms), `${(pure.ms / raw.ms).toFixed(2)}x`],
          [
            `the daily judging end to end (${plural(run.value.fresh.length, 'anomaly', 'anomalies')} explained and recorded)`,
            seconds(run.ms),
            `${ratio.toFixed(2)}x`,
          ],
        ],
      ),
      '',
      `Judging a day costs ${ratio.toFixed(2)}× reading its ${count(raw.value)} documents raw: the read dominates;`,
      `the median and MAD of every series take ${seconds(pure.ms)} s.`,
    ].join('\n');
    return { text, growth: [], facts: { anomalyJudgeSeconds: seconds(run.ms), anomalyVsRaw: ratio.toFixed(2) } };
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
    await services.stop();
  }
}
