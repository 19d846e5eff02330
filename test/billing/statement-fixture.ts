import type { Allocation, BillingLine, LineShare, TenantAllocation } from '../../src/billing/allocate-invoice.js';

/** A billing line of June 2025, matched to a droplet unless told otherwise. */
export function billingLine(over: Partial<BillingLine> = {}): BillingLine {
  return {
    line: 2,
    product: 'Droplets',
    groupDescription: '',
    description: 'web-1 (s-1vcpu-1gb)',
    amount: 1000,
    project: 'acme-web',
    kind: 'droplet',
    match: { kind: 'droplet', providerId: '3164444', name: 'web-1' },
    reason: null,
    ...over,
  };
}

/** The unmatched VAT line the statement tests bill as tax. */
export function taxLine(): BillingLine {
  return billingLine({ line: 9, product: 'Taxes', description: 'VAT', kind: null, match: null, reason: 'tax' });
}

export function share(
  line: BillingLine,
  via: LineShare['via'],
  parts: Partial<Pick<LineShare, 'direct' | 'shared' | 'tax' | 'markup'>>,
): LineShare {
  return { line, via, direct: 0, shared: 0, tax: 0, markup: 0, ...parts };
}

/** A tenant's allocation whose totals are its shares added up. */
export function tenantAllocation(tenant: string, shares: LineShare[], markupPct = 0): TenantAllocation {
  const sum = (k: 'direct' | 'shared' | 'tax' | 'markup') => shares.reduce((n, s) => n + s[k], 0);
  const direct = sum('direct');
  const shared = sum('shared');
  const tax = sum('tax');
  const markup = sum('markup');
  return {
    tenant,
    direct,
    shared,
    tax,
    markup,
    total: direct + shared + tax + markup,
    lines: shares.length,
    markupPct,
    shares,
  };
}

export function allocation(tenants: TenantAllocation[]): Allocation {
  const invoiceTotal = tenants.reduce((n, t) => n + t.direct + t.shared + t.tax, 0);
  return {
    invoiceTotal,
    policy: 'proportional',
    tenants,
    unallocated: { amount: 0, lines: 0, byReason: [] },
    conflicts: [],
    conserved: true,
  };
}
