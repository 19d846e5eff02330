import { ContentHasher } from './invoice-store.js';
import type { InventoryIndex } from './inventory-index.js';
import { matchAgainst, type MatchedLine } from './match-lines.js';
import type { InvoiceLineStream } from './parsed-invoice.js';
import { PeriodCheck } from './period-check.js';
import { ReportTally } from './report.js';
import { BilledResources } from './running-not-billed.js';

export interface MatchedStream {
  period: string;
  contentHash: string;
  tally: ReportTally;
  billed: BilledResources;
  statedTotalCents: number | null;
}

/**
 * The in-memory half of an ingest: each batch of validated lines is checked against the period,
 * hashed, its kinds derived and matched against the inventory, counted into the report, and handed
 * to `sink` (which stores it); then dropped. Memory holds a batch, the report's first `itemLimit`
 * items and the set of billed resources, whatever the size of the invoice. Throws what the stream
 * throws (InvoiceFormatError for a malformed line) after the batches before it were sunk.
 */
export async function matchStream(
  stream: InvoiceLineStream,
  index: InventoryIndex,
  sink: (lines: MatchedLine[], period: string) => Promise<void> | void,
  itemLimit?: number,
): Promise<MatchedStream> {
  const periods = new PeriodCheck(stream.period);
  const tally = new ReportTally(itemLimit);
  const billed = new BilledResources();
  let hasher: ContentHasher | null = null;
  try {
    for await (const batch of stream.batches) {
      const ready = periods.accept(batch);
      if (ready.length === 0) continue;
      const period = periods.period!;
      hasher ??= new ContentHasher(period);
      hasher.add(ready);
      const matched = matchAgainst(ready, index);
      for (const l of matched) {
        tally.add(l);
        billed.add(l);
      }
      await sink(matched, period);
    }
  } catch (err) {
    // The parser's bad lines and those outside the period are refused together.
    throw periods.merged(err);
  }
  const period = periods.finish();
  return {
    period,
    contentHash: (hasher ?? new ContentHasher(period)).digest(),
    tally,
    billed,
    statedTotalCents: stream.statedTotalCents(),
  };
}
