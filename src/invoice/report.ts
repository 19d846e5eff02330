import type { InvoiceSource } from '../../models/invoice.js';
import { formatCents } from './money.js';
import type { MatchedLine } from './match-lines.js';
import type { MatchPath, ResourceRef, UnmatchedReason } from './match-line.js';
import type { RunningNotBilled } from './running-not-billed.js';

export type TotalsSource = 'do_summary' | 'file_total' | 'none';

/** DO's invoice summary, in cents: its total is the four added up, credits negative. */
export interface SummaryBreakdown {
  productCharges: number;
  overages: number;
  taxes: number;
  creditsAndAdjustments: number;
}

export interface InvoiceMeta {
  id: string;
  period: string;
  number: string | null;
  source: InvoiceSource;
  format: 'csv' | 'json';
  filename: string | null;
  ingestedAt: string;
  matchedAt: string;
}

export interface InvoiceReportItem {
  /** The stored invoice the line is on (a period may hold several). */
  invoiceId: string;
  line: number;
  product: string;
  groupDescription: string;
  description: string;
  /** Integer cents, like every amount in the report. */
  amount: number;
  amountUsd: string;
  project: string;
  start: string | null;
  end: string | null;
  kind: string | null;
  match: (ResourceRef & { via: MatchPath }) | null;
  reason: UnmatchedReason | null;
  detail: string | null;
  candidates: ResourceRef[];
}

export interface TotalsCheck {
  /** What the invoice says it totals; null when neither DO nor the file states a total. */
  expectedCents: number | null;
  actualCents: number;
  differenceCents: number | null;
  source: TotalsSource;
  /** null when there was nothing to check against. */
  ok: boolean | null;
  message: string;
  /** DO's summary breakdown, when the total came from it. */
  breakdown: SummaryBreakdown | null;
}

/** Everything `arcadia invoice report --json` prints and the Slack summary is built from. Amounts in integer cents. */
export interface InvoiceReport {
  /** The invoice reported on; for a period holding several, the first of `invoices`. */
  invoice: InvoiceMeta;
  /** Every invoice the report covers: one, or all of a period's (DO may invoice part-way through a month). */
  invoices: InvoiceMeta[];
  currency: 'USD';
  /** What ingesting did: stored a new invoice, found the same one already stored, or replaced the period's earlier lines. */
  outcome?: 'stored' | 'unchanged' | 'replaced';
  lines: number;
  matched: number;
  /** Matched to a resource that is gone now (stale): the bill is explained, the resource no longer exists. */
  matchedStale: number;
  unmatched: number;
  /** Matched lines / lines, 0–1. */
  matchRate: number;
  /** Matched cents / cents of all lines (absolute values, so credits count), 0–1. */
  matchRateByAmount: number;
  /** The same rates counting only lines matched to a resource that exists now. */
  matchRateLive: { byCount: number; byAmount: number };
  totalCents: number;
  matchedCents: number;
  totalsByKind: { kind: string; lines: number; cents: number }[];
  totalsByProject: { project: string; lines: number; cents: number }[];
  unmatchedByReason: { reason: UnmatchedReason; lines: number; cents: number }[];
  totalsCheck: TotalsCheck;
  runningNotBilled: RunningNotBilled;
  items: InvoiceReportItem[];
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

function tally<K extends string>(lines: MatchedLine[], key: (l: MatchedLine) => K | null): { key: K; lines: number; cents: number }[] {
  const totals = new Map<K, { key: K; lines: number; cents: number }>();
  for (const l of lines) {
    const k = key(l);
    if (k === null) continue;
    const t = totals.get(k) ?? { key: k, lines: 0, cents: 0 };
    t.lines += 1;
    t.cents += l.amountCents;
    totals.set(k, t);
  }
  return [...totals.values()].sort((a, b) => b.cents - a.cents || a.key.localeCompare(b.key));
}

export function totalsCheck(actualCents: number, expectedCents: number | null, source: TotalsSource, breakdown: SummaryBreakdown | null = null): TotalsCheck {
  if (expectedCents === null || source === 'none') {
    return { expectedCents: null, actualCents, differenceCents: null, source: 'none', ok: null, message: 'no stated total to check the lines against', breakdown: null };
  }
  const differenceCents = actualCents - expectedCents;
  const from = source === 'do_summary' ? "DO's invoice summary" : "the file's own total";
  const base = { expectedCents, actualCents, source, breakdown };
  if (differenceCents === 0) return { ...base, differenceCents, ok: true, message: `lines add up to ${from} (${formatCents(expectedCents)})` };
  // Credits and adjustments are on the summary, not among the items: the items add up to the total before them.
  const credits = breakdown?.creditsAndAdjustments ?? 0;
  if (credits !== 0 && actualCents + credits === expectedCents) {
    return {
      ...base,
      differenceCents: 0,
      ok: true,
      message: `lines add up to ${formatCents(actualCents)}; with ${from}'s credits and adjustments (${formatCents(credits)}) that is its total ${formatCents(expectedCents)}`,
    };
  }
  return {
    ...base,
    differenceCents,
    ok: false,
    message: `lines add up to ${formatCents(actualCents)} but ${from} says ${formatCents(expectedCents)} (difference ${formatCents(differenceCents)}${credits ? `; credits and adjustments ${formatCents(credits)}` : ''})`,
  };
}

export function buildReport(
  invoices: InvoiceMeta[],
  lines: (MatchedLine & { invoiceId: string })[],
  expected: { cents: number | null; source: TotalsSource; breakdown?: SummaryBreakdown | null },
  notBilled: RunningNotBilled,
): InvoiceReport {
  let totalCents = 0;
  let absTotal = 0;
  let matchedCents = 0;
  let matchedAbs = 0;
  let liveAbs = 0;
  let matched = 0;
  let matchedStale = 0;
  for (const l of lines) {
    const abs = Math.abs(l.amountCents);
    totalCents += l.amountCents;
    absTotal += abs;
    if (!l.match) continue;
    matched += 1;
    matchedCents += l.amountCents;
    matchedAbs += abs;
    if (l.match.stale) matchedStale += 1;
    else liveAbs += abs;
  }
  return {
    invoice: invoices[0]!,
    invoices,
    currency: 'USD',
    lines: lines.length,
    matched,
    matchedStale,
    unmatched: lines.length - matched,
    matchRate: rate(matched, lines.length),
    matchRateByAmount: rate(matchedAbs, absTotal),
    matchRateLive: { byCount: rate(matched - matchedStale, lines.length), byAmount: rate(liveAbs, absTotal) },
    totalCents,
    matchedCents,
    totalsByKind: tally(lines, (l) => l.kind ?? (l.reason === 'tax' ? 'tax' : 'unknown')).map((t) => ({ kind: t.key, lines: t.lines, cents: t.cents })),
    totalsByProject: tally(lines, (l) => l.projectName || '(no project)').map((t) => ({ project: t.key, lines: t.lines, cents: t.cents })),
    unmatchedByReason: tally(lines, (l) => l.reason).map((t) => ({ reason: t.key, lines: t.lines, cents: t.cents })),
    totalsCheck: totalsCheck(totalCents, expected.cents, expected.source, expected.breakdown ?? null),
    runningNotBilled: notBilled,
    items: lines.map((l) => ({
      invoiceId: l.invoiceId,
      line: l.line,
      product: l.product,
      groupDescription: l.groupDescription,
      description: l.description,
      amount: l.amountCents,
      amountUsd: formatCents(l.amountCents),
      project: l.projectName,
      start: l.start?.toISOString() ?? null,
      end: l.end?.toISOString() ?? null,
      kind: l.kind,
      match: l.match,
      reason: l.reason,
      detail: l.detail,
      candidates: l.candidates,
    })),
  };
}
