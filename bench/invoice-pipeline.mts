/**
 * The invoice pipeline without the database, in a process of its own: a generated DO invoice CSV of
 * the CSV at BENCH_INVOICE_FILE read (as an upload arrives: bytes in memory), validated, its kinds derived and matched against an in-memory
 * inventory of BENCH_PIPELINE_INVENTORY resources, exactly as an ingest does (matchStream), with
 * the storing left out. Prints one JSON line: lines/s and peak RSS.
 */
import { readFileSync } from 'node:fs';
import { InventoryIndex, withDefaults, type IndexedResource } from '../src/invoice/inventory-index.js';
import { matchStream } from '../src/invoice/match-stream.js';
import { openInvoiceFile } from '../src/invoice/parse-invoice-file.js';
import { generatedInventory } from '../test/invoice/generated-invoice.js';
import { peakRssMiB } from './lib.js';

const inventory = Number(process.env.BENCH_PIPELINE_INVENTORY ?? 20_000);
const resources = generatedInventory(inventory).map((r) => withDefaults(r as unknown as IndexedResource));
const index = new InventoryIndex(resources, new Set(['droplet', 'volume', 'floating_ip']));
const bytes = readFileSync(process.env.BENCH_INVOICE_FILE!);
const rssBeforeMiB = Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const read = await matchStream(openInvoiceFile(bytes), index, () => undefined, 10_000);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
const report = read.tally.report(
  [
    {
      id: '',
      account: 'default',
      period: read.period,
      number: null,
      source: 'cli',
      format: 'csv',
      filename: null,
      ingestedAt: '',
      matchedAt: '',
    },
  ],
  { cents: null, source: 'none' },
  { count: 0, usuallyFreeCount: 0, items: [], truncated: false },
);
console.log(
  JSON.stringify({
    lines: report.lines,
    matched: report.matched,
    ms,
    linesPerSecond: Math.round(report.lines / (ms / 1000)),
    cpuMs,
    linesPerCpuSecond: Math.round(report.lines / (cpuMs / 1000)),
    fileMiB: bytes.length / 2 ** 20,
    rssBeforeMiB,
    peakRssMiB: peakRssMiB(process.pid),
  }),
);
