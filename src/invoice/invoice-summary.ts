import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';

/** A period's stored invoices in one line: what they add up to and how many of their lines matched a resource. */
export interface InvoiceSummary {
  period: string;
  totalCents: number;
  lines: number;
  matched: number;
}

/**
 * The latest period's invoices (a period may hold several, of several DO teams), summed from the
 * summary each invoice stores when its lines are matched (`lineCount`, `totalCents`,
 * `matchedLines`): no line is read, whatever the invoice's size. An invoice stored before
 * `matchedLines` was kept has its matched lines counted once, and stored.
 */
export async function latestInvoiceSummary(): Promise<InvoiceSummary | null> {
  const latest = await Invoice.findOne({}, { period: 1 }).sort({ period: -1 }).lean();
  if (!latest) return null;
  const docs = await Invoice.find(
    { period: latest.period },
    { invoiceId: 1, generation: 1, lineCount: 1, totalCents: 1, matchedLines: 1 },
  ).lean();
  const matched = await Promise.all(docs.map((d) => d.matchedLines ?? countMatched(d.invoiceId, d.generation)));
  return {
    period: latest.period,
    totalCents: docs.reduce((n, d) => n + d.totalCents, 0),
    lines: docs.reduce((n, d) => n + d.lineCount, 0),
    matched: matched.reduce((n, m) => n + m, 0),
  };
}

/** Counts an older invoice's matched lines and stores the count, unless a rematch has since moved it to another generation (which stored its own). */
async function countMatched(invoiceId: string, generation: string): Promise<number> {
  const matched = await InvoiceLine.countDocuments({ invoiceId, generation, match: { $ne: null } });
  await Invoice.updateOne({ invoiceId, generation }, { $set: { matchedLines: matched } });
  return matched;
}

/** The periods with a stored invoice, latest first. */
export async function storedPeriods(): Promise<string[]> {
  const docs = await Invoice.find({}, { period: 1, _id: 0 }).lean<{ period: string }[]>();
  return [...new Set(docs.map((d) => d.period))].sort().reverse();
}
