/**
 * One invoice ingest in a process of its own, so its peak RSS is the ingest's and nothing else's.
 * Run by bench/invoice.ts: reads the CSV at BENCH_INVOICE_FILE as an upload would arrive (bytes in
 * memory), ingests it into MONGODB_URI and prints one JSON line with the measurements.
 */
import { readFileSync } from 'node:fs';
import { connectDatabase, disconnectDatabase } from '../src/db.js';
import { ingestInvoiceFile } from '../src/invoice/index.js';
import { peakRssMiB, timed } from './lib.js';

const file = process.env.BENCH_INVOICE_FILE!;
await connectDatabase(process.env.MONGODB_URI!);
const bytes = readFileSync(file);
const rssBeforeMiB = Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
const { value: report, ms } = await timed(() => ingestInvoiceFile({ bytes, filename: 'bench.csv', source: 'upload' }));
const result = {
  ms,
  lines: report.lines,
  matched: report.matched,
  outcome: report.outcome,
  fileMiB: bytes.length / 2 ** 20,
  rssBeforeMiB,
  peakRssMiB: peakRssMiB(process.pid),
};
await disconnectDatabase();
console.log(JSON.stringify(result));
process.exit(0);
