import type { Allocation, LineShare, UnallocatedReason } from './allocate-invoice.js';
import { formatUsd } from '../invoice/money.js';
import { largestRemainder } from './largest-remainder.js';

/**
 * The rule that put a cent where it is: a tenant's own resource by how it was claimed (its
 * `tenant:` tag, a mapped tag, a mapped project, inherited from its source), an unmatched line by
 * its project name, a shared line split by the policy, a tax line split by what it taxes, or no
 * tenant at all (by reason).
 */
export const ALLOCATION_RULES = [
  'tenant_tag',
  'tag',
  'project',
  'inherited',
  'project_name',
  'shared',
  'tax',
  'unallocated',
] as const;
export type AllocationRule = (typeof ALLOCATION_RULES)[number];

/** What people read for each rule. */
export const RULE_LABEL: Record<AllocationRule, string> = {
  tenant_tag: 'tenant tag',
  tag: 'mapped tag',
  project: 'project',
  inherited: 'inherited',
  project_name: 'project name',
  shared: 'shared',
  tax: 'tax',
  unallocated: 'unallocated',
};

/** The rules by which a tenant's own resources reached it (the rest of its bill is spread over tenants). */
const OWN_RULES: ReadonlySet<AllocationRule> = new Set(['tenant_tag', 'tag', 'project', 'inherited', 'project_name']);

/** The cents one rule allocated (one unallocated reason), its lines, and its share of the whole in percent (one decimal). */
export interface RuleShare {
  rule: AllocationRule;
  /** With `unallocated`: why. */
  reason?: UnallocatedReason;
  amount: number;
  lines: number;
  pct: number;
}

/** Percentages with one decimal that add up to 100.0 (largest remainder over tenths); all 0 with nothing to share. */
function tenths(amounts: readonly number[]): number[] {
  return (largestRemainder(1000, amounts) ?? amounts.map(() => 0)).map((t) => t / 10);
}

function byRule(
  rows: { rule: AllocationRule; reason?: UnallocatedReason; amount: number; lines: number }[],
): RuleShare[] {
  const order = (r: { rule: AllocationRule }) => ALLOCATION_RULES.indexOf(r.rule);
  const kept = rows.filter((r) => r.amount !== 0).sort((a, b) => order(a) - order(b));
  const pct = tenths(kept.map((r) => r.amount));
  return kept.map((r, i) => ({ ...r, pct: pct[i]! }));
}

/** Sums line shares by the rule that allocated them, counting each invoice line once per rule. */
function tally(shares: readonly LineShare[]): Map<AllocationRule, { amount: number; lines: Set<number> }> {
  const out = new Map<AllocationRule, { amount: number; lines: Set<number> }>();
  for (const s of shares) {
    const t = out.get(s.via) ?? { amount: 0, lines: new Set<number>() };
    t.amount += s.direct + s.shared + s.tax;
    t.lines.add(s.line.line);
    out.set(s.via, t);
  }
  return out;
}

/**
 * How much of a period's spend each rule allocated, as cents and a share of the invoice total
 * (markup is billed on top and is no spend). The amounts add up to the invoice total, the
 * percentages to 100.0.
 */
export function allocationRuleShares(allocation: Pick<Allocation, 'tenants' | 'unallocated'>): RuleShare[] {
  const all = tally(allocation.tenants.flatMap((t) => t.shares));
  return byRule([
    ...[...all].map(([rule, t]) => ({ rule, amount: t.amount, lines: t.lines.size })),
    ...allocation.unallocated.byReason.map((u) => ({
      rule: 'unallocated' as const,
      reason: u.reason,
      amount: u.amount,
      lines: u.lines,
    })),
  ]);
}

/** One tenant's cost (without markup): its own resources, what was spread to it, and by which rules. */
export interface TenantRuleShares {
  own: number;
  spread: number;
  rules: RuleShare[];
}

/** How much of a tenant's cost is its own resources and how much is spread (shared lines and tax), by rule. */
export function tenantRuleShares(shares: readonly LineShare[]): TenantRuleShares {
  const rules = byRule([...tally(shares)].map(([rule, t]) => ({ rule, amount: t.amount, lines: t.lines.size })));
  const own = rules.filter((r) => OWN_RULES.has(r.rule)).reduce((n, r) => n + r.amount, 0);
  const spread = rules.filter((r) => !OWN_RULES.has(r.rule)).reduce((n, r) => n + r.amount, 0);
  return { own, spread, rules };
}

/** `tenant tag 61.2% · shared 8.0% · unallocated (tenant_conflict) 1.5%`: shares in one line, for any front end. */
export function describeRuleShares(
  rules: readonly RuleShare[],
  reasonLabel: (r: UnallocatedReason) => string = (r) => r,
): string {
  return rules
    .map((r) => `${RULE_LABEL[r.rule]}${r.reason ? ` (${reasonLabel(r.reason)})` : ''} ${r.pct.toFixed(1)}%`)
    .join(' · ');
}

/**
 * `Own resources $122.83 (82.3%: tenant tag 68.9%, project 13.4%); spread to it $26.33 (17.7%:
 * shared 8.6%, tax 9.1%)`: a tenant's cost before markup, for its statement and its Slack summary.
 */
export function describeOwnAndSpread(a: TenantRuleShares): string {
  const part = (label: string, cents: number, rules: RuleShare[]) => {
    const pct = rules.reduce((n, r) => n + r.pct, 0);
    const each = rules.map((r) => `${RULE_LABEL[r.rule]} ${r.pct.toFixed(1)}%`).join(', ');
    return `${label} ${formatUsd(cents)} (${pct.toFixed(1)}%${rules.length ? `: ${each}` : ''})`;
  };
  const own = a.rules.filter((r) => OWN_RULES.has(r.rule));
  const spread = a.rules.filter((r) => !OWN_RULES.has(r.rule));
  return `${part('Own resources', a.own, own)}; ${part('spread to it', a.spread, spread)}`;
}
