import type { AuditVia } from '../../models/audit.js';
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
  /** The DO team it bills. */
  account: string;
  period: string;
  number: string | null;
  source: InvoiceSource;
  format: 'csv' | 'json';
  filename: string | null;
  ingestedAt: string;
  matchedAt: string;
  /** Who confirmed each copy that replaced a stored one, when and from where (none: never replaced by a person). */
  replacements?: { by: string; at: string; via: AuditVia }[];
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
  /** Lines left out of `items`: an ingest's report lists the first REPORT_ITEMS lines (`invoice report` lists all). */
  omittedItems?: number;
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

export function totalsCheck(
  actualCents: number,
  expectedCents: number | null,
  source: TotalsSource,
  breakdown: SummaryBreakdown | null = null,
): TotalsCheck {
  if (expectedCents === null || source === 'none') {
    return {
      expectedCents: null,
      actualCents,
      differenceCents: null,
      source: 'none',
      ok: null,
      message: 'no stated total to check the lines against',
      breakdown: null,
    };
  }
  const differenceCents = actualCents - expectedCents;
  const from = source === 'do_summary' ? "DO's invoice summary" : "the file's own total";
  const base = { expectedCents, actualCents, source, breakdown };
  if (differenceCents === 0)
    return { ...base, differenceCents, ok: true, message: `lines add up to ${from} (${formatCents(expectedCents)})` };
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

/** Sums and counts of one grouping (kind, project, reason), sorted largest amount first. */
class Totals<K extends string> {
  private readonly byKey = new Map<K, { key: K; lines: number; cents: number }>();

  add(key: K | null, cents: number): void {
    if (key === null) return;
    const t = this.byKey.get(key);
    if (t) {
      t.lines += 1;
      t.cents += cents;
    } else this.byKey.set(key, { key, lines: 1, cents });
  }

  sorted(): { key: K; lines: number; cents: number }[] {
    return [...this.byKey.values()].sort((a, b) => b.cents - a.cents || a.key.localeCompare(b.key));
  }
}

type LineItem = Omit<InvoiceReportItem, 'invoiceId'>;

function itemOf(l: MatchedLine): LineItem {
  return {
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
  };
}

/**
 * A report built one line at a time, so a streamed ingest never holds its lines: every figure
 * counts every line, and `items` keeps the first `itemLimit` lines in file order (the rest are
 * counted in `omittedItems`; `arcadia invoice report` lists them all).
 */
export class ReportTally {
  private count = 0;
  /** The sum of every line, in cents. */
  totalCents = 0;
  private absTotal = 0;
  private matchedCents = 0;
  private matchedAbs = 0;
  private liveAbs = 0;
  private matched = 0;
  private matchedStale = 0;
  private readonly kinds = new Totals<string>();
  private readonly projects = new Totals<string>();
  private readonly reasons = new Totals<UnmatchedReason>();
  private readonly kept: { seq: number; invoiceId: string | null; item: LineItem }[] = [];

  constructor(private readonly itemLimit = Number.POSITIVE_INFINITY) {}

  /**
   * @param seq the line's place in the report (0-based): lines may come in any order, items are listed in this one.
   * @param invoiceId the stored invoice the line is on; null for the report's one invoice (an ingest
   *   counts lines before it knows under which key they are stored).
   */
  add(l: MatchedLine, seq: number = this.count, invoiceId: string | null = null): void {
    const abs = Math.abs(l.amountCents);
    this.count += 1;
    this.totalCents += l.amountCents;
    this.absTotal += abs;
    this.kinds.add(l.kind ?? (l.reason === 'tax' ? 'tax' : 'unknown'), l.amountCents);
    this.projects.add(l.projectName || '(no project)', l.amountCents);
    this.reasons.add(l.reason, l.amountCents);
    if (seq < this.itemLimit) this.kept.push({ seq, invoiceId, item: itemOf(l) });
    if (!l.match) return;
    this.matched += 1;
    this.matchedCents += l.amountCents;
    this.matchedAbs += abs;
    if (l.match.stale) this.matchedStale += 1;
    else this.liveAbs += abs;
  }

  get lines(): number {
    return this.count;
  }

  /** Lines matched to a resource so far. */
  get matchedLines(): number {
    return this.matched;
  }

  /** @param invoices the invoices the lines are on, the one the report is about first. */
  report(
    invoices: InvoiceMeta[],
    expected: { cents: number | null; source: TotalsSource; breakdown?: SummaryBreakdown | null },
    notBilled: RunningNotBilled,
  ): InvoiceReport {
    const invoice = invoices[0]!;
    const items = this.kept
      .sort((a, b) => a.seq - b.seq)
      .map((k) => ({ invoiceId: k.invoiceId ?? invoice.id, ...k.item }));
    return {
      invoice,
      invoices,
      currency: 'USD',
      lines: this.count,
      matched: this.matched,
      matchedStale: this.matchedStale,
      unmatched: this.count - this.matched,
      matchRate: rate(this.matched, this.count),
      matchRateByAmount: rate(this.matchedAbs, this.absTotal),
      matchRateLive: {
        byCount: rate(this.matched - this.matchedStale, this.count),
        byAmount: rate(this.liveAbs, this.absTotal),
      },
      totalCents: this.totalCents,
      matchedCents: this.matchedCents,
      totalsByKind: this.kinds.sorted().map((t) => ({ kind: t.key, lines: t.lines, cents: t.cents })),
      totalsByProject: this.projects.sorted().map((t) => ({ project: t.key, lines: t.lines, cents: t.cents })),
      unmatchedByReason: this.reasons.sorted().map((t) => ({ reason: t.key, lines: t.lines, cents: t.cents })),
      totalsCheck: totalsCheck(this.totalCents, expected.cents, expected.source, expected.breakdown ?? null),
      runningNotBilled: notBilled,
      items,
      ...(items.length < this.count ? { omittedItems: this.count - items.length } : {}),
    };
  }
}

export function buildReport(
  invoices: InvoiceMeta[],
  lines: (MatchedLine & { invoiceId: string })[],
  expected: { cents: number | null; source: TotalsSource; breakdown?: SummaryBreakdown | null },
  notBilled: RunningNotBilled,
): InvoiceReport {
  const tally = new ReportTally();
  lines.forEach((l, seq) => tally.add(l, seq, l.invoiceId));
  return tally.report(invoices, expected, notBilled);
}
