import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLineChunk, LINES_PER_CHUNK } from '../../models/invoice-line.js';
import type { MatchedLine } from './match-lines.js';
import type { ParsedLine } from './parsed-invoice.js';

const CHUNKS_PER_INSERT = 20;

/** Identifies the content of an invoice: the same lines give the same hash, whatever file they came in. */
export function contentHash(period: string, lines: ParsedLine[]): string {
  const hash = createHash('sha256').update(period);
  for (const l of lines) {
    hash.update(
      JSON.stringify([l.line, l.product, l.groupDescription, l.description, l.amountCents, l.hours, l.start?.getTime() ?? null, l.end?.getTime() ?? null, l.projectName, l.category, l.resourceId, l.resourceUuid]),
    );
  }
  return hash.digest('hex');
}

/** Writes a complete new generation of a period's lines and returns its id; nothing points at it yet. */
export async function writeLines(period: string, lines: MatchedLine[]): Promise<string> {
  const generation = randomUUID();
  const chunks = [];
  for (let i = 0, seq = 0; i < lines.length; i += LINES_PER_CHUNK, seq += 1) {
    const part = lines.slice(i, i + LINES_PER_CHUNK);
    chunks.push({ _id: `${period}:${generation}:${seq}`, period, generation, seq, count: part.length, data: gzipSync(JSON.stringify(part)) });
  }
  // A few chunks per command keeps each one well under the 48 MB message limit.
  for (let i = 0; i < chunks.length; i += CHUNKS_PER_INSERT) {
    await InvoiceLineChunk.collection.insertMany(chunks.slice(i, i + CHUNKS_PER_INSERT) as never[], { ordered: false });
  }
  return generation;
}

/** Drops every generation of the period's lines but the one the invoice points at now. */
export async function dropOtherGenerations(period: string): Promise<void> {
  const current = await Invoice.findById(period, { generation: 1 }).lean();
  if (!current) return;
  await InvoiceLineChunk.deleteMany({ period, generation: { $ne: current.generation } });
}

export async function loadLines(period: string, generation: string): Promise<MatchedLine[]> {
  const chunks = await InvoiceLineChunk.find({ period, generation }, { seq: 1, data: 1, _id: 0 }).lean<{ seq: number; data: { buffer: Uint8Array } }[]>();
  // Ordered here rather than by the server: FerretDB sorts slowly.
  chunks.sort((a, b) => a.seq - b.seq);
  return chunks.flatMap((c) => decodeChunk(c.data));
}

/** A stored chunk back to lines; the dates JSON turned into strings become dates again. */
function decodeChunk(data: { buffer: Uint8Array } | Uint8Array): MatchedLine[] {
  const bytes = data instanceof Uint8Array ? data : data.buffer;
  const lines = JSON.parse(gunzipSync(bytes).toString('utf8')) as (Omit<MatchedLine, 'start' | 'end'> & { start: string | null; end: string | null })[];
  return lines.map((l) => ({ ...l, start: l.start === null ? null : new Date(l.start), end: l.end === null ? null : new Date(l.end) }));
}
