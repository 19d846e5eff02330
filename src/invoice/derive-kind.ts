import type { InvoicePattern } from '../sync/kind-spec.js';
import { KIND_SPECS, type ResourceKind } from '../sync/kinds/index.js';

/** Billed things DO lists no resource for: lines of these kinds can only be explained, not matched. */
export const UNLISTED_LINE_KINDS = ['bandwidth', 'monitoring', 'support', 'gen_ai'] as const;
export type LineKind = ResourceKind | (typeof UNLISTED_LINE_KINDS)[number];

export interface DerivedKind {
  /** null for tax lines and for products no rule knows. */
  kind: LineKind | null;
  tax: boolean;
  /** Charged to the account, not to one resource (a subscription, an overage): nothing to match. */
  accountLevel: boolean;
}

interface KindRule extends InvoicePattern {
  kind: LineKind | null;
  tax?: boolean;
}

/**
 * Lines that are not a resource kind's: taxes first, then billed things Arcadia has no inventory
 * for. Each kind's own patterns live in its spec (`invoice.patterns`); the priorities interleave them.
 */
const OTHER_RULES: readonly KindRule[] = [
  { priority: 0, product: /\btax(es)?\b|\b(gst|vat|hst)\b/i, kind: null, tax: true },
  { priority: 10, product: /^$/, description: /\b(gst|vat|hst|pst|qst|sales tax|tax)\b/i, kind: null, tax: true },
  {
    priority: 150,
    product: /\b(bandwidth|overages?|data transfer|outbound transfer)\b/i,
    kind: 'bandwidth',
    accountLevel: true,
  },
  { priority: 170, product: /\bmonitoring\b/i, kind: 'monitoring', accountLevel: true },
  { priority: 200, product: /\bsupport\b/i, kind: 'support', accountLevel: true },
  { priority: 210, product: /\b(genai|gen ai|gradient|ai agents?)\b/i, kind: 'gen_ai' },
];

let rules: readonly KindRule[] | undefined;

/**
 * Every rule, lowest priority first; the first match wins, so specific phrases come before the
 * generic products they contain: "Droplet Snapshots" and "Droplet Backups" would otherwise read as
 * droplets, "Volume Snapshots" as volumes. Equal priorities are an error (the order would be a guess).
 */
export function invoiceRules(): readonly KindRule[] {
  if (rules) return rules;
  const all: KindRule[] = [
    ...OTHER_RULES,
    ...KIND_SPECS.flatMap((spec) => spec.invoice.patterns.map((p) => ({ ...p, kind: spec.kind as ResourceKind }))),
  ];
  all.sort((a, b) => a.priority - b.priority);
  const clash = all.find((r, i) => i > 0 && all[i - 1]!.priority === r.priority);
  if (clash) throw new Error(`two invoice patterns share priority ${clash.priority}; give each its own`);
  rules = all;
  return rules;
}

/** The kind of an invoice line, from DO's product name and, where the product is not enough, its description. */
export function deriveKind(product: string, description = ''): DerivedKind {
  const p = product.trim();
  const d = description.trim();
  for (const rule of invoiceRules()) {
    if (!rule.product.test(p)) continue;
    if (rule.description && !rule.description.test(d)) continue;
    return { kind: rule.kind, tax: rule.tax ?? false, accountLevel: rule.accountLevel ?? false };
  }
  return { kind: null, tax: false, accountLevel: false };
}
