import { resourceRef, type Attribution, type ResolvedProjects } from './attribute-resources.js';
import { evenSplit, largestRemainder, percentOf } from './largest-remainder.js';
import type { TenantDefinition } from './tenant-definition.js';

import type { SharedCostPolicy } from './shared-cost-policy.js';

export { SHARED_COST_POLICIES, type SharedCostPolicy } from './shared-cost-policy.js';

/** An invoice line as allocation sees it (a stored report item, or a preview line just matched). Integer cents. */
export interface BillingLine {
  line: number;
  product: string;
  groupDescription: string;
  description: string;
  amount: number;
  project: string;
  kind: string | null;
  /** The resource billed; `account` is its DO team (absent: the default one). */
  match: { kind: string; providerId: string; name: string; account?: string } | null;
  reason: string | null;
}

/** Why cents stay with no tenant. */
export type UnallocatedReason =
  | 'tenant_conflict'
  /** ARCADIA_SHARED_COST_POLICY=none. */
  | 'shared_policy_none'
  /** Nothing to split by: no tenants, or no tenant has positive direct cost. */
  | 'no_allocation_basis'
  /** The tax on costs that themselves stay unallocated. */
  | 'tax_on_unallocated';

/** One line's part for one tenant. */
export interface LineShare {
  line: BillingLine;
  direct: number;
  shared: number;
  tax: number;
  markup: number;
  /** How the line reached the tenant. */
  via: 'tenant_tag' | 'tag' | 'project' | 'inherited' | 'project_name' | 'shared' | 'tax';
}

export interface TenantAllocation {
  tenant: string;
  direct: number;
  shared: number;
  tax: number;
  markup: number;
  /** direct + shared + tax + markup. */
  total: number;
  lines: number;
  markupPct: number;
  shares: LineShare[];
}

export interface Allocation {
  invoiceTotal: number;
  policy: SharedCostPolicy;
  tenants: TenantAllocation[];
  unallocated: {
    amount: number;
    lines: number;
    byReason: { reason: UnallocatedReason; amount: number; lines: number }[];
  };
  /** Lines whose resource two tenants claim: shown so someone settles it. */
  conflicts: { line: number; description: string; amount: number; claimants: string[] }[];
  /** Σ tenants (direct + shared + tax) + unallocated = invoice total, to the cent. */
  conserved: boolean;
}

export interface AllocationInput {
  lines: readonly BillingLine[];
  tenants: readonly TenantDefinition[];
  attribution: ReadonlyMap<string, Attribution>;
  projects: ResolvedProjects;
  policy: SharedCostPolicy;
}

type Owner = { tenant: string; via: LineShare['via'] } | { conflict: string[] } | null;

function ownerOf(line: BillingLine, input: AllocationInput): Owner {
  if (line.match) {
    const a = input.attribution.get(resourceRef(line.match.kind, line.match.providerId, line.match.account));
    if (!a) return null;
    return a.tenant === null ? { conflict: a.claimants } : { tenant: a.tenant, via: a.via };
  }
  const byProject = line.project ? input.projects.byName.get(line.project) : undefined;
  if (!byProject?.length) return null;
  return byProject.length === 1 ? { tenant: byProject[0]!, via: 'project_name' } : { conflict: [...byProject].sort() };
}

/**
 * Allocates one period's lines to tenants in integer cents. Direct lines go to their tenant; shared
 * lines are split line by line by the policy; each tax line is split by each tenant's direct + shared
 * over the invoice's pre-tax total, the rest staying unallocated. Every split is largest-remainder,
 * so the tenants' parts and the unallocated rest add up to each line, hence to the invoice.
 */
export function allocateInvoice(input: AllocationInput): Allocation {
  const names = input.tenants.map((t) => t.name);
  const index = new Map(names.map((n, i) => [n, i]));
  // A line is direct, shared or tax, never two of these, so each tenant gets at most one share of
  // it, appended in line order within each of the three passes and merged once at the end.
  const passes: Run[][] = [0, 1, 2].map(() => names.map(() => ({ shares: [], positions: [] })));
  let current = 0;
  const share = (pass: 0 | 1 | 2, t: number, line: BillingLine, via: LineShare['via']): LineShare => {
    const s: LineShare = { line, direct: 0, shared: 0, tax: 0, markup: 0, via };
    const run = passes[pass]![t]!;
    run.shares.push(s);
    run.positions.push(current);
    return s;
  };
  const direct = new Array<number>(names.length).fill(0);
  const shared = new Array<number>(names.length).fill(0);
  const unallocated = new Map<UnallocatedReason, { amount: number; lines: Set<number> }>();
  const leave = (reason: UnallocatedReason, line: BillingLine, amount: number) => {
    const u = unallocated.get(reason) ?? { amount: 0, lines: new Set<number>() };
    u.amount += amount;
    u.lines.add(line.line);
    unallocated.set(reason, u);
  };
  const conflicts: Allocation['conflicts'] = [];
  const sharedLines: BillingLine[] = [];
  const taxLines: BillingLine[] = [];
  let preTax = 0;
  let invoiceTotal = 0;

  const positions = new Map<BillingLine, number>();
  for (const line of input.lines) {
    current = positions.size;
    positions.set(line, current);
    invoiceTotal += line.amount;
    if (line.reason === 'tax') {
      taxLines.push(line);
      continue;
    }
    preTax += line.amount;
    const owner = ownerOf(line, input);
    if (owner && 'conflict' in owner) {
      conflicts.push({
        line: line.line,
        description: line.description,
        amount: line.amount,
        claimants: owner.conflict,
      });
      leave('tenant_conflict', line, line.amount);
    } else if (owner && index.has(owner.tenant)) {
      const t = index.get(owner.tenant)!;
      share(0, t, line, owner.via).direct += line.amount;
      direct[t]! += line.amount;
    } else sharedLines.push(line);
  }

  for (const line of sharedLines) {
    current = positions.get(line)!;
    if (input.policy === 'none') {
      leave('shared_policy_none', line, line.amount);
      continue;
    }
    const parts =
      input.policy === 'even'
        ? names.length
          ? evenSplit(line.amount, names.length)
          : null
        : largestRemainder(line.amount, direct);
    if (!parts) {
      leave('no_allocation_basis', line, line.amount);
      continue;
    }
    parts.forEach((cents, t) => {
      if (cents === 0) return;
      share(1, t, line, 'shared').shared += cents;
      shared[t]! += cents;
    });
  }

  const taxed = names.map((_, t) => direct[t]! + shared[t]!);
  const covered = taxed.reduce((a, b) => a + Math.max(0, b), 0);
  const rest = Math.max(0, preTax - covered);
  const tax = new Array<number>(names.length).fill(0);
  for (const line of taxLines) {
    current = positions.get(line)!;
    const parts = largestRemainder(line.amount, [...taxed, rest]);
    if (!parts) {
      leave('no_allocation_basis', line, line.amount);
      continue;
    }
    const left = parts.pop()!;
    parts.forEach((cents, t) => {
      if (cents === 0) return;
      share(2, t, line, 'tax').tax += cents;
      tax[t]! += cents;
    });
    if (left !== 0) leave('tax_on_unallocated', line, left);
  }

  const tenants: TenantAllocation[] = input.tenants.map((def, t) => {
    const lineShares = mergeByPosition(passes.map((p) => p[t]!));
    const markup = percentOf(taxed[t]!, def.markupPct);
    // The markup spread over the lines it was computed on, so a statement's rows add up to its total.
    const spread =
      markup === 0
        ? null
        : largestRemainder(
            markup,
            lineShares.map((s) => Math.abs(s.direct + s.shared)),
          );
    if (spread) spread.forEach((cents, i) => (lineShares[i]!.markup = cents));
    return {
      tenant: def.name,
      direct: direct[t]!,
      shared: shared[t]!,
      tax: tax[t]!,
      markup,
      total: taxed[t]! + tax[t]! + markup,
      lines: lineShares.length,
      markupPct: def.markupPct,
      shares: lineShares,
    };
  });
  tenants.sort((a, b) => b.total - a.total || a.tenant.localeCompare(b.tenant));

  const byReason = [...unallocated].map(([reason, u]) => ({ reason, amount: u.amount, lines: u.lines.size }));
  const unallocatedAmount = byReason.reduce((a, r) => a + r.amount, 0);
  const unallocatedLines = new Set([...unallocated.values()].flatMap((u) => [...u.lines])).size;
  const allocated = tenants.reduce((a, t) => a + t.direct + t.shared + t.tax, 0);
  return {
    invoiceTotal,
    policy: input.policy,
    tenants,
    unallocated: { amount: unallocatedAmount, lines: unallocatedLines, byReason },
    conflicts,
    conserved: allocated + unallocatedAmount === invoiceTotal,
  };
}

/** A tenant's shares from one pass, in invoice order, with each line's position in the invoice. */
interface Run {
  shares: LineShare[];
  positions: number[];
}

/** Merges runs already in invoice order into one, in linear time. */
function mergeByPosition(runs: Run[]): LineShare[] {
  const out: LineShare[] = [];
  const at = runs.map(() => 0);
  for (;;) {
    let best = -1;
    let bestPos = Infinity;
    for (let r = 0; r < runs.length; r += 1) {
      const pos = runs[r]!.positions[at[r]!];
      if (pos !== undefined && pos < bestPos) {
        best = r;
        bestPos = pos;
      }
    }
    if (best < 0) return out;
    out.push(runs[best]!.shares[at[best]!]!);
    at[best]! += 1;
  }
}
