import { createHash, randomUUID } from 'node:crypto';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { resourceKey } from '../../models/resource.js';
import type { MatchedLine } from './match-lines.js';
import type { ParsedLine } from './parsed-invoice.js';

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

/** Documents per insertMany: bounds the converted copies held at once; the driver splits further as the server needs. */
const INSERT_BATCH = 10_000;
/** What a stored line carries beyond the MatchedLine itself, but its order (`seq`). */
const STORAGE_FIELDS = { _id: 0, period: 0, generation: 0, invoiceId: 0, resourceKey: 0 } as const;

/** Writes a complete new generation of a period's lines and returns its id; nothing points at it yet. */
export async function writeLines(period: string, lines: MatchedLine[], invoiceId: string): Promise<string> {
  const generation = randomUUID();
  for (let i = 0; i < lines.length; i += INSERT_BATCH) {
    const docs = lines.slice(i, i + INSERT_BATCH).map((l, j) => ({
      ...l,
      _id: `${generation}:${i + j}`,
      period,
      generation,
      invoiceId,
      seq: i + j,
      resourceKey: l.match ? resourceKey(l.match.kind, l.match.providerId) : null,
    }));
    await InvoiceLine.collection.insertMany(docs as never[], { ordered: false });
  }
  return generation;
}

/** Drops every generation of an invoice's lines but the one it points at now (none when it is gone). */
export async function dropOtherGenerations(invoiceId: string): Promise<void> {
  const current = await Invoice.findOne({ invoiceId }, { generation: 1 }).lean();
  // Equality and $ne: indexed on MongoDB, pushed down to PostgreSQL on FerretDB.
  await InvoiceLine.deleteMany(current ? { invoiceId, generation: { $ne: current.generation } } : { invoiceId });
}

export async function loadLines(invoiceId: string, generation: string): Promise<MatchedLine[]> {
  const docs = await InvoiceLine.find({ invoiceId, generation }, STORAGE_FIELDS).lean<(MatchedLine & { seq: number })[]>();
  // Ordered here rather than by the server: FerretDB does not push sorts down.
  docs.sort((a, b) => a.seq - b.seq);
  return docs.map(({ seq: _seq, ...line }) => line);
}
