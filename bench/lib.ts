import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { startLocalServices, type LocalServices } from '../src/local-services.js';

/** Services for a benchmark: the given REDIS_URL / MONGODB_URI, or throwaway local ones. */
export async function benchServices(): Promise<{ redisUrl: string; mongoUri: string; flavor: string; stop(): Promise<void> }> {
  if (process.env.REDIS_URL && process.env.MONGODB_URI) {
    return { redisUrl: process.env.REDIS_URL, mongoUri: process.env.MONGODB_URI, flavor: 'external', stop: async () => undefined };
  }
  const s: LocalServices = await startLocalServices();
  return { redisUrl: s.redisUrl, mongoUri: s.mongoUri, flavor: s.mongoFlavor, stop: () => s.stop() };
}

/** Peak resident set size of a process, from /proc (Linux), in MiB. */
export function peakRssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB memory, Node ${process.version}`;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
