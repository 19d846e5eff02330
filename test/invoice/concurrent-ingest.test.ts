import { beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLease } from '../../models/invoice-lease.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import { invoiceReport, InvoiceReplaceRefusedError, rematchInvoice } from '../../src/invoice/index.js';
import { InvoiceBusyError } from '../../src/invoice/errors.js';
import { contentKey } from '../../src/invoice/invoice-identity.js';
import { ingestStream, type StoreOptions } from '../../src/invoice/ingest.js';
import { takeInvoiceLease } from '../../src/invoice/take-invoice-lease.js';
import { LINE_BATCH } from '../../src/invoice/parse-csv.js';
import { openInvoiceFile } from '../../src/invoice/parse-invoice-file.js';
import type { InvoiceLineStream, ParsedLine } from '../../src/invoice/parsed-invoice.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { generatedInventory, generatedItems, itemsAsCsv } from './generated-invoice.js';
import { seedResources } from './seed.js';

const iso = isolation();
useDatabase(iso);

const INVENTORY = 500;
const PERIOD = '2025-06';
/** Every copy is of one DO invoice: its number is in the name DO gave the file. */
const NUMBER = '418071234';
const OPTIONS: StoreOptions = { source: 'upload', filename: `DigitalOcean Invoice 2025 Jun (6173678-${NUMBER}).csv` };

/** Three batches of lines; a corrected copy a little shorter (the replace guard lets it through); a much smaller one (refused). */
const FULL = csv(LINE_BATCH * 2 + 400);
const CORRECTED = csv(LINE_BATCH * 2);
const SMALL = csv(500);

function csv(lines: number): Buffer {
  return Buffer.from(itemsAsCsv(generatedItems(lines, INVENTORY)));
}

/**
 * A copy read from `bytes`, which stops before batch `holdAt` until `go()`, like an upload still
 * arriving: `held` settles once it stops there (its earlier batches are stored by then).
 */
function copy(bytes: Buffer, holdAt = Infinity): { stream: InvoiceLineStream; held: Promise<void>; go: () => void } {
  const opened = openInvoiceFile(bytes);
  let go!: () => void;
  let stopped!: () => void;
  const gate = new Promise<void>((resolve) => (go = resolve));
  const held = new Promise<void>((resolve) => (stopped = resolve));
  async function* batches(): AsyncGenerator<ParsedLine[]> {
    let n = 0;
    for await (const batch of opened.batches) {
      if (n++ === holdAt) {
        stopped();
        await gate;
      }
      yield batch;
    }
  }
  return { stream: { ...opened, invoiceNumber: NUMBER, batches: batches() }, held, go };
}

function ingest(stream: InvoiceLineStream, bytes: Buffer, options: Partial<StoreOptions> = {}) {
  return ingestStream(stream, contentKey(undefined, bytes), { ...OPTIONS, ...options });
}

/** Settles to its report, or to the error it threw. */
function outcome<T>(work: Promise<T>): Promise<T | unknown> {
  return work.catch((err: unknown) => err);
}

/** What every interleaving must leave: one invoice whose stored lines are all of one copy, its own count and total. */
async function expectOneWholeCopy(): Promise<{ lineCount: number }> {
  const docs = await Invoice.find({}).lean();
  expect(docs).toHaveLength(1);
  const doc = docs[0]!;
  const lines = await InvoiceLine.find({}, { generation: 1, amountCents: 1 }).lean();
  expect(new Set(lines.map((l) => l.generation))).toEqual(new Set([doc.generation]));
  expect(lines).toHaveLength(doc.lineCount);
  expect(lines.reduce((s, l) => s + l.amountCents, 0)).toBe(doc.totalCents);
  const report = (await invoiceReport(PERIOD))!;
  expect({ lines: report.lines, totalCents: report.totalCents }).toEqual({
    lines: doc.lineCount,
    totalCents: doc.totalCents,
  });
  return { lineCount: doc.lineCount };
}

beforeEach(async () => {
  await Promise.all([
    Resource.deleteMany({}),
    Invoice.deleteMany({}),
    InvoiceLine.deleteMany({}),
    InvoiceLease.deleteMany({}),
  ]);
  await seedResources(generatedInventory(INVENTORY));
});

describe('two ingests of one invoice at once', () => {
  it('never commit one between the phases of the other: the second waits for the first, and is refused only when it waited too long', async () => {
    const full = copy(FULL, 2);
    const first = ingest(full.stream, FULL);
    await full.held;
    // The full copy has two batches stored and the lease taken; the corrected one cannot go past it.
    const corrected = await outcome(ingest(copy(CORRECTED).stream, CORRECTED, { lease: { maxWaitMs: 200 } }));
    full.go();
    expect(await first).toMatchObject({ outcome: 'stored', lines: LINE_BATCH * 2 + 400 });
    expect(await expectOneWholeCopy()).toEqual({ lineCount: LINE_BATCH * 2 + 400 });

    expect(corrected).toBeInstanceOf(InvoiceBusyError);
    expect((corrected as InvoiceBusyError).sentence).toMatch(
      /^Another ingest of the 2025-06 invoice was still running after 0.2 s of waiting for it; nothing was stored: send this copy again once that one has finished\.$/,
    );
    // Sent again (the queue retries it), it replaces the stored copy as it would have alone.
    expect(await ingest(copy(CORRECTED).stream, CORRECTED)).toMatchObject({
      outcome: 'replaced',
      lines: LINE_BATCH * 2,
    });
    expect(await expectOneWholeCopy()).toEqual({ lineCount: LINE_BATCH * 2 });
  });

  it('judges a copy that waited against the one stored meanwhile: a much smaller one is refused, the full one kept', async () => {
    const full = copy(FULL, 2);
    const first = ingest(full.stream, FULL);
    await full.held;
    const small = copy(SMALL);
    const second = outcome(ingest(small.stream, SMALL));
    full.go();
    expect(await first).toMatchObject({ outcome: 'stored' });
    expect(await second).toBeInstanceOf(InvoiceReplaceRefusedError);
    expect(await expectOneWholeCopy()).toEqual({ lineCount: LINE_BATCH * 2 + 400 });
  });

  for (const [name, order] of [
    ['full copy first', [FULL, SMALL]],
    ['small copy first', [SMALL, FULL]],
    ['corrected copy first', [CORRECTED, FULL]],
    ['full copy first, then the corrected one', [FULL, CORRECTED]],
  ] as const) {
    it(`leave one whole copy, started together (${name})`, async () => {
      await Promise.all(order.map((bytes) => outcome(ingest(copy(bytes).stream, bytes))));
      await expectOneWholeCopy();
    });
  }

  it('leave one whole copy when a rematch runs beside an ingest of the same invoice', async () => {
    await ingest(copy(FULL).stream, FULL);
    const results = await Promise.all([
      outcome(rematchInvoice(PERIOD)),
      outcome(ingest(copy(CORRECTED).stream, CORRECTED)),
    ]);
    expect(results[0]).toMatchObject({ lines: expect.any(Number) });
    expect(results[1]).toMatchObject({ outcome: 'replaced' });
    await expectOneWholeCopy();
  });

  it('take the lease a crashed ingest left once it lapses, and drop the lines that ingest had written', async () => {
    // What a process killed mid-ingest leaves: its lease, still running for a moment, and part of a generation.
    await InvoiceLease.create({
      _id: `default:${PERIOD}:7`,
      key: `default:${PERIOD}`,
      fence: 7,
      expiresAt: new Date(Date.now() + 1_000),
    });
    const orphan = `${String(7).padStart(12, '0')}.killed`;
    await InvoiceLine.collection.insertMany(
      Array.from({ length: 300 }, (_, seq) => ({
        _id: `${orphan}:${seq}`,
        period: PERIOD,
        generation: orphan,
        invoiceId: `no:${NUMBER}`,
        seq,
        bucket: 0,
        line: seq + 2,
        amountCents: 100,
      })) as never[],
    );
    expect(await ingest(copy(FULL).stream, FULL)).toMatchObject({ outcome: 'stored' });
    expect(await InvoiceLease.exists({ _id: `default:${PERIOD}:8` })).toBeTruthy();
    await expectOneWholeCopy();
  });
});

describe("a period's lease", () => {
  it('is held by one at a time however many take it at once, each with a higher fence', async () => {
    let holding = 0;
    let most = 0;
    const fences: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const lease = await takeInvoiceLease('default', '2025-05');
        most = Math.max(most, ++holding);
        fences.push(lease.fence);
        await lease.confirm();
        holding--;
        await lease.release();
      }),
    );
    expect(most).toBe(1);
    expect(fences).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
