import type { Allocation, LineShare, TenantAllocation } from './allocate-invoice.js';
import { tenantRuleShares, type TenantRuleShares } from './allocation-shares.js';
import { TenantNotFoundError } from './tenant-store.js';

/** One row of a tenant's statement: an invoice line's part for the tenant. Integer cents. */
export interface StatementRow {
  line: number;
  product: string;
  description: string;
  resource: string;
  project: string;
  kind: string;
  via: LineShare['via'];
  direct: number;
  shared: number;
  tax: number;
  markup: number;
  total: number;
}

export interface Statement {
  tenant: TenantAllocation;
  period: string;
  estimate: boolean;
  rows: StatementRow[];
  /** How much of the tenant's cost is its own resources and how much was spread to it, by rule. */
  allocatedBy: TenantRuleShares;
}

/** A tenant's rows; they add up to the tenant's total in the report, to the cent. */
export function statementFor(allocation: Allocation, tenant: string, period: string, estimate: boolean): Statement {
  const t = allocation.tenants.find((x) => x.tenant === tenant);
  if (!t)
    throw new TenantNotFoundError(
      tenant,
      allocation.tenants.map((x) => x.tenant),
    );
  const rows = t.shares.map((s) => ({
    line: s.line.line,
    product: s.line.product,
    description: [s.line.groupDescription, s.line.description].filter(Boolean).join(' — '),
    resource: s.line.match
      ? `${s.line.match.kind}:${s.line.match.providerId}${s.line.match.name ? ` (${s.line.match.name})` : ''}`
      : '',
    project: s.line.project,
    kind: s.line.kind ?? (s.via === 'tax' ? 'tax' : ''),
    via: s.via,
    direct: s.direct,
    shared: s.shared,
    tax: s.tax,
    markup: s.markup,
    total: s.direct + s.shared + s.tax + s.markup,
  }));
  return { tenant: t, period, estimate, rows, allocatedBy: tenantRuleShares(t.shares) };
}
