import { deriveKind, UNLISTED_LINE_KINDS } from './derive-kind.js';
import type { UnmatchedReason } from './match-line.js';

/**
 * Why a line is unmatched, as people need to know it: `no_inventory_surface` covers both charges
 * that can never match (to the account, to products Arcadia does not list) and lines whose kind
 * has simply not been synced yet, which a sync fixes. Derived from the reason and the line itself.
 */
export type UnmatchedCause =
  'tax' | 'account_level' | 'not_listed' | 'kind_not_synced' | 'unknown_product' | 'resource_never_seen' | 'ambiguous';

/**
 * Each cause in words: the one place a reason code becomes what people read (the CLI report, the
 * Slack summary and its CSV). JSON output and the FOCUS export keep the codes, which scripts rely on.
 */
export const REASON_WORDS: Record<UnmatchedCause, string> = {
  tax: 'tax',
  account_level: 'charged to the account',
  not_listed: 'a product Arcadia does not list',
  kind_not_synced: 'its kind has not been synced yet',
  unknown_product: 'a product Arcadia does not know',
  resource_never_seen: 'no such resource synced',
  ambiguous: 'several resources fit',
};

/** Unmatched by nature, nothing to do. The other causes need someone to look (or a sync). */
const EXPECTED: ReadonlySet<UnmatchedCause> = new Set<UnmatchedCause>(['tax', 'account_level', 'not_listed']);
const UNLISTED: ReadonlySet<string> = new Set(UNLISTED_LINE_KINDS);

export interface UnmatchedLineFacts {
  reason: UnmatchedReason;
  product: string;
  description: string;
}

export function unmatchedCause(line: UnmatchedLineFacts): UnmatchedCause {
  if (line.reason !== 'no_inventory_surface') return line.reason;
  const derived = deriveKind(line.product, line.description);
  if (derived.accountLevel) return 'account_level';
  if (derived.kind === null) return 'unknown_product';
  return UNLISTED.has(derived.kind) ? 'not_listed' : 'kind_not_synced';
}

export function isExpectedUnmatched(cause: UnmatchedCause): boolean {
  return EXPECTED.has(cause);
}

export interface UnmatchedGroup {
  lines: number;
  cents: number;
  /** Largest amount first. */
  causes: { cause: UnmatchedCause; words: string; lines: number; cents: number }[];
}

/** The unmatched lines split into those expected to stay unmatched and those that need attention, by cause. */
export function unmatchedOutlook(items: (UnmatchedLineFacts & { amount: number })[]): {
  expected: UnmatchedGroup;
  attention: UnmatchedGroup;
} {
  const byCause = new Map<UnmatchedCause, { lines: number; cents: number }>();
  for (const item of items) {
    const cause = unmatchedCause(item);
    const t = byCause.get(cause) ?? { lines: 0, cents: 0 };
    t.lines += 1;
    t.cents += item.amount;
    byCause.set(cause, t);
  }
  const group = (expected: boolean): UnmatchedGroup => {
    const causes = [...byCause]
      .filter(([cause]) => isExpectedUnmatched(cause) === expected)
      .map(([cause, t]) => ({ cause, words: REASON_WORDS[cause], ...t }))
      .sort((a, b) => b.cents - a.cents || a.cause.localeCompare(b.cause));
    return { lines: causes.reduce((s, c) => s + c.lines, 0), cents: causes.reduce((s, c) => s + c.cents, 0), causes };
  };
  return { expected: group(true), attention: group(false) };
}
