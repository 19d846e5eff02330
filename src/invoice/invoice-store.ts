import { createHash, randomUUID, type Hash } from 'node:crypto';
import { bucketOf, InvoiceLine, LINES_PER_BUCKET } from '../../models/invoice-line.js';
import { resourceKey } from '../../models/resource.js';
import type { MatchedLine } from './match-lines.js';
import type { ParsedLine } from './parsed-invoice.js';

/** Identifies the content of an invoice, fed a batch of lines at a time: the same lines give the same hash, whatever file they came in. */
export class ContentHasher {
  private readonly hash: Hash;

  constructor(period: string) {
    this.hash = createHash('sha256').update(period);
  }

  add(lines: ParsedLine[]): void {
    for (const l of lines) {
      this.hash.update(
        JSON.stringify([
          l.line,
          l.product,
          l.groupDescription,
          l.description,
          l.amountCents,
          l.hours,
          l.start?.getTime() ?? null,
          l.end?.getTime() ?? null,
          l.projectName,
          l.category,
          l.resourceId,
          l.resourceUuid,
        ]),
      );
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Documents per insertMany: bounds the converted copies held at once; the driver splits further as the server needs. */
const INSERT_BATCH = 10_000;
/** What a stored line carries beyond the MatchedLine itself, but its order (`seq`). */
const STORAGE_FIELDS = { _id: 0, period: 0, generation: 0, invoiceId: 0, resourceKey: 0, bucket: 0 } as const;

/** The lines of one invoice, of one generation. */
type LinesFilter = { invoiceId: string; generation: string };

/**
 * Deletes the lines a filter names, a bucket at a time, last bucket first. Every condition is
 * equality: MongoDB serves it from an index, and FerretDB pushes it down to PostgreSQL,
 * where `$in` or a range of `seq` would be filtered by FerretDB itself after reading every line of
 * the collection, once per batch. Last first, so an interrupted delete leaves each generation its
 * buckets 0..k, and the next finds k by the first `seq` of each bucket (one line per generation).
 *
 * @param buckets how many there are, when known (a generation this process wrote); else probed.
 */
async function deleteLines(filter: LinesFilter, buckets?: number): Promise<void> {
  let count = buckets ?? 0;
  if (buckets === undefined) {
    while (await InvoiceLine.exists({ ...filter, bucket: count, seq: count * LINES_PER_BUCKET })) count++;
  }
  for (let bucket = count - 1; bucket >= 0; bucket--) await InvoiceLine.deleteMany({ ...filter, bucket });
  // What no bucket held: lines stored before buckets were (the 2026-12-invoice-line-buckets
  // migration gives them one) or past a bucket a failed write left without its first line. Few.
  await InvoiceLine.deleteMany(filter);
}

/**
 * The id of a generation written under the lease with this fence (src/invoice/take-invoice-lease.ts):
 * the fence first, so the generations of an invoice are ordered by when their writers held it.
 */
export function newGeneration(fence: number): string {
  return `${String(fence).padStart(12, '0')}.${randomUUID()}`;
}

/** A generation's fence; -1 for one written before generations carried it, older than all of those. */
function fenceOf(generation: string): number {
  const fence = /^(\d{12})\./.exec(generation)?.[1];
  return fence === undefined ? -1 : Number(fence);
}

/**
 * A new generation of an invoice's lines, written a batch at a time; nothing points at it until the
 * invoice does. One insert is in flight at a time, so reading and matching the next batch overlaps
 * storing this one; `discard` waits for it before deleting what was written.
 */
export class GenerationWriter {
  private written = 0;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly invoiceId: string,
    /** The invoice's DO team: its matches are that team's resources. */
    private readonly account: string,
    /** newGeneration's id, under the lease held for the invoice's period. */
    readonly generation: string,
  ) {}

  /** Resolves once the previous batch is stored and this one is on its way; `flush` waits for it. */
  async write(period: string, lines: MatchedLine[]): Promise<void> {
    await this.inFlight;
    const first = this.written;
    this.written += lines.length;
    const docs = lines.map((l, j) => ({
      ...l,
      _id: `${this.generation}:${first + j}`,
      period,
      generation: this.generation,
      invoiceId: this.invoiceId,
      seq: first + j,
      bucket: bucketOf(first + j),
      resourceKey: l.match ? resourceKey(l.match.kind, l.match.providerId, this.account) : null,
    }));
    const insert = InvoiceLine.collection.insertMany(docs as never[], { ordered: false });
    // Awaited by the next write or by flush; until then a failure must not count as unhandled.
    insert.catch(() => undefined);
    this.inFlight = insert;
  }

  async flush(): Promise<void> {
    await this.inFlight;
  }

  /** Deletes whatever of the generation was written (after a refused file, a failure, or content already stored). */
  async discard(): Promise<void> {
    await this.inFlight.catch(() => undefined);
    if (this.written > 0)
      await deleteLines({ invoiceId: this.invoiceId, generation: this.generation }, bucketOf(this.written - 1) + 1);
  }
}

/** Writes a complete new generation of an invoice's lines; nothing points at it yet: its writer can still discard it. */
export async function writeLines(
  period: string,
  lines: MatchedLine[],
  invoiceId: string,
  account: string,
  generation: string,
): Promise<GenerationWriter> {
  const writer = new GenerationWriter(invoiceId, account, generation);
  try {
    for (let i = 0; i < lines.length; i += INSERT_BATCH) await writer.write(period, lines.slice(i, i + INSERT_BATCH));
    await writer.flush();
  } catch (err) {
    await writer.discard();
    throw err;
  }
  return writer;
}

/**
 * Drops the generations of an invoice's lines written before `generation` (replaced ones, and what
 * a crashed writer left), never a later one: that is another writer's, still being written, which
 * took the lease after this one lost it. Generations are found by their first line (a delete
 * removes it last), one per generation, by equality.
 */
export async function dropOlderGenerations(invoiceId: string, generation: string): Promise<void> {
  const firsts = await InvoiceLine.find({ invoiceId, bucket: 0, seq: 0 }, { generation: 1 }).lean();
  for (const { generation: other } of firsts) {
    if (fenceOf(other) < fenceOf(generation)) await deleteLines({ invoiceId, generation: other });
  }
}

export async function loadLines(invoiceId: string, generation: string): Promise<MatchedLine[]> {
  const docs = await InvoiceLine.find({ invoiceId, generation }, STORAGE_FIELDS).lean<
    (MatchedLine & { seq: number })[]
  >();
  // Ordered here rather than by the server: FerretDB does not push sorts down.
  docs.sort((a, b) => a.seq - b.seq);
  return docs.map(({ seq: _seq, ...line }) => line);
}

/** An invoice's generation of lines one at a time, in no particular order, each with its place in the invoice: for reports that need not hold them. */
export async function* eachLine(
  invoiceId: string,
  generation: string,
): AsyncGenerator<{ line: MatchedLine; seq: number }> {
  const cursor = InvoiceLine.find({ invoiceId, generation }, STORAGE_FIELDS)
    .lean<MatchedLine & { seq: number }>()
    .cursor({ batchSize: 2_000 });
  for await (const doc of cursor) {
    const { seq, ...line } = doc as MatchedLine & { seq: number };
    yield { line, seq };
  }
}
