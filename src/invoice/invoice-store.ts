import { createHash, randomUUID } from 'node:crypto';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import type { MatchedLine } from './match-lines.js';
import type { ParsedLine } from './parsed-invoice.js';

/** Lines per insertMany command: large enough to be quick, small enough for FerretDB to take in one go. */
export const LINE_INSERT_CHUNK = 5_000;

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
  for (let i = 0; i < lines.length; i += LINE_INSERT_CHUNK) {
    const docs = lines.slice(i, i + LINE_INSERT_CHUNK).map((l) => ({
      _id: `${period}:${generation}:${l.line}`,
      period,
      generation,
      line: l.line,
      product: l.product,
      groupDescription: l.groupDescription,
      description: l.description,
      amountCents: l.amountCents,
      hours: l.hours,
      start: l.start,
      end: l.end,
      projectName: l.projectName,
      category: l.category,
      resourceId: l.resourceId,
      resourceUuid: l.resourceUuid,
      kind: l.kind,
      match: l.match,
      reason: l.reason,
      detail: l.detail,
      candidates: l.candidates,
    }));
    await InvoiceLine.collection.insertMany(docs as never[], { ordered: false });
  }
  return generation;
}

/** Drops every generation of the period's lines but the one the invoice points at now. */
export async function dropOtherGenerations(period: string): Promise<void> {
  const current = await Invoice.findById(period, { generation: 1 }).lean();
  if (!current) return;
  await InvoiceLine.deleteMany({ period, generation: { $ne: current.generation } });
}

export async function loadLines(period: string, generation: string): Promise<MatchedLine[]> {
  const docs = await InvoiceLine.find({ period, generation }, { _id: 0, period: 0, generation: 0 }).lean<MatchedLine[]>();
  // Sorted here rather than by the server: FerretDB sorts large results slowly.
  docs.sort((a, b) => a.line - b.line);
  return docs.map((d) => ({
    ...d,
    hours: d.hours ?? null,
    start: d.start ?? null,
    end: d.end ?? null,
    kind: d.kind ?? null,
    match: d.match ?? null,
    reason: d.reason ?? null,
    detail: d.detail ?? null,
    candidates: d.candidates ?? [],
  }));
}
