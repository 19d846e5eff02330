import { Resource } from '../../models/resource.js';
import { previousPeriod } from '../invoice/period.js';
import { allocateInvoice, type Allocation, type SharedCostPolicy, type TenantAllocation } from './allocate-invoice.js';
import { allocationRuleShares, tenantRuleShares, type RuleShare, type TenantRuleShares } from './allocation-shares.js';
import { attributeResources, resolveProjects, type AttributableResource } from './attribute-resources.js';
import type { PeriodLines } from './billing-lines.js';
import { storedPeriodLines } from './billing-lines.js';
import type { TenantDefinition } from './tenant-definition.js';
import { listTenants } from './tenant-store.js';

export interface BillingSettings {
  policy: SharedCostPolicy;
  prefix: string;
}

/** A tenant's allocation as reported (without its line-by-line shares), with its change from the period before. */
export interface TenantLine extends Omit<TenantAllocation, 'shares'> {
  /** The tenant's total for the period before, when that invoice is stored. */
  previousTotal: number | null;
  /** (total − previousTotal) / previousTotal as a percentage, one decimal; null without a previous total above zero. */
  changePct: number | null;
  /** How much of its cost is its own resources and how much was spread to it, by rule. */
  allocatedBy: TenantRuleShares;
}

/** What `arcadia billing report --json` prints. Amounts in integer cents. */
export interface BillingReport {
  period: string;
  estimate: boolean;
  asOf: string | null;
  currency: 'USD';
  invoiceTotal: number;
  tenants: TenantLine[];
  unallocated: Allocation['unallocated'];
  /** How much of the period's spend each rule allocated: cents adding up to the invoice total, percentages to 100. */
  allocatedBy: RuleShare[];
  conflicts: Allocation['conflicts'];
  conserved: boolean;
  /** What the numbers were computed with, so a report can be read (and reproduced) later. */
  basis: {
    policy: SharedCostPolicy;
    tenantTagPrefix: string;
    tenants: TenantDefinition[];
    previousPeriod: string | null;
  };
}

/** Everything allocation needs from the database: tenants, and resources reduced to what attribution reads. */
export async function loadBillingContext(settings: BillingSettings) {
  const tenants = await listTenants();
  // Of attrs, only what names a backup's or snapshot's source (attribute-resources.ts, sourceOf).
  const resources = await Resource.find(
    {},
    {
      _id: 0,
      account: 1,
      kind: 1,
      providerId: 1,
      name: 1,
      tags: 1,
      projectId: 1,
      'attrs.droplet_id': 1,
      'attrs.resource_id': 1,
      'attrs.resource_type': 1,
    },
  ).lean<AttributableResource[]>();
  const projects = resolveProjects(
    tenants,
    resources.filter((r) => r.kind === 'project').map((r) => ({ providerId: r.providerId, name: r.name ?? '' })),
  );
  const attribution = attributeResources(tenants, resources, projects, settings.prefix);
  return { tenants, projects, attribution };
}

export type BillingContext = Awaited<ReturnType<typeof loadBillingContext>>;

export function allocatePeriod(period: PeriodLines, context: BillingContext, settings: BillingSettings): Allocation {
  return allocateInvoice({
    lines: period.lines,
    tenants: context.tenants,
    attribution: context.attribution,
    projects: context.projects,
    policy: settings.policy,
  });
}

function changePct(total: number, previous: number | null): number | null {
  if (previous === null || previous <= 0) return null;
  return Math.round(((total - previous) / previous) * 1000) / 10;
}

/** The report of one period's allocation, with each tenant's change from the period before when that invoice is stored. */
export async function buildBillingReport(
  period: PeriodLines,
  settings: BillingSettings,
  context?: BillingContext,
): Promise<{ report: BillingReport; allocation: Allocation }> {
  const ctx = context ?? (await loadBillingContext(settings));
  const allocation = allocatePeriod(period, ctx, settings);
  const before = previousPeriod(new Date(`${period.period}-15T00:00:00Z`));
  const previousLines = await storedPeriodLines(before);
  const previous = previousLines ? allocatePeriod(previousLines, ctx, settings) : null;
  const previousTotals = new Map(previous?.tenants.map((t) => [t.tenant, t.total]));
  const report: BillingReport = {
    period: period.period,
    estimate: period.estimate,
    asOf: period.asOf,
    currency: 'USD',
    invoiceTotal: allocation.invoiceTotal,
    tenants: allocation.tenants.map(({ shares, ...t }) => {
      const previousTotal = previous ? (previousTotals.get(t.tenant) ?? 0) : null;
      return {
        ...t,
        previousTotal,
        changePct: changePct(t.total, previousTotal),
        allocatedBy: tenantRuleShares(shares),
      };
    }),
    unallocated: allocation.unallocated,
    allocatedBy: allocationRuleShares(allocation),
    conflicts: allocation.conflicts,
    conserved: allocation.conserved,
    basis: {
      policy: settings.policy,
      tenantTagPrefix: settings.prefix,
      tenants: ctx.tenants,
      previousPeriod: previousLines ? before : null,
    },
  };
  return { report, allocation };
}
