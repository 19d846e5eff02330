import { InvoiceReplaceRefusedError } from './errors.js';
import { doInvoiceId } from './invoice-label.js';
import { formatUsd } from './money.js';
import { totalsCheck, type SummaryBreakdown, type TotalsSource } from './report.js';
import { metaOf } from './stored-reports.js';
import type { StoredInvoice } from './stored-invoice.js';

/** A new copy of an invoice as the guard weighs it: its streamed tally and the total it should add up to. */
export interface ReplacementCopy {
  period: string;
  lineCount: number;
  totalCents: number;
  expected: { cents: number; source: TotalsSource } | null;
  breakdown: SummaryBreakdown | null;
}

/** Why a re-upload may not quietly replace the stored copy of the same invoice; empty when it may. */
function replaceProblems(
  stored: StoredInvoice,
  lineCount: number,
  totalCents: number,
  adds: { ok: boolean | null; message: string },
  ratio: number,
): string[] {
  const problems: string[] = [];
  const keep = 1 - ratio;
  if (lineCount < stored.lineCount * keep || Math.abs(totalCents) < Math.abs(stored.totalCents) * keep) {
    problems.push(
      `it has ${lineCount} line(s) for ${formatUsd(totalCents)} where the stored copy has ${stored.lineCount} for ${formatUsd(stored.totalCents)}`,
    );
  }
  if (adds.ok === false) problems.push(adds.message);
  return problems;
}

/**
 * Refuses (InvoiceReplaceRefusedError) a copy that would quietly replace `stored` while much smaller
 * (by `ratio`, ARCADIA_INVOICE_REPLACE_GUARD_RATIO) or not adding up to its own total.
 */
export function guardReplace(stored: StoredInvoice, copy: ReplacementCopy, ratio: number): void {
  const { period, lineCount, totalCents, expected, breakdown } = copy;
  const adds = totalsCheck(totalCents, expected?.cents ?? null, expected?.source ?? 'none', breakdown);
  const problems = replaceProblems(stored, lineCount, totalCents, adds, ratio);
  if (problems.length)
    throw new InvoiceReplaceRefusedError(
      period,
      doInvoiceId(metaOf(stored)) ?? stored.filename ?? stored.invoiceId,
      problems,
    );
}
