/**
 * `npm run bench`: every benchmark, one table each; writes bench/RESULTS.md with the machine and date.
 * Figures are measured in this run; ratios are against baselines measured in this same run.
 */
import { writeFileSync } from 'node:fs';
import { repoPath } from '../src/repo-path.js';
import { machine } from './lib.js';
import { syncBenchmark } from './sync.js';

const sections: string[] = [];
const started = new Date();

async function section(name: string, run: () => Promise<string>): Promise<void> {
  console.log(`\n## ${name}\n`);
  const text = await run();
  console.log(text);
  sections.push(`## ${name}\n\n${text}`);
}

await section('Inventory sync', () => syncBenchmark({ droplets: Number(process.env.BENCH_DROPLETS ?? 20_000), compareAt: 1_000 }));

const report = [
  '# Benchmark results',
  '',
  `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}.`,
  'Every figure comes from the run that wrote this file (`npm run bench`).',
  '',
  ...sections,
  '',
].join('\n');
writeFileSync(repoPath('bench', 'RESULTS.md'), report);
console.log('\nwrote bench/RESULTS.md');
process.exit(0);
