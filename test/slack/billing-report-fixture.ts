import type { BillingReport } from '../../src/billing/billing-report.js';

/** A June allocation over two tenants, one of them grown past the alert threshold, with a conflict. */
export const billingReport: BillingReport = {
  period: '2025-06',
  estimate: false,
  asOf: null,
  currency: 'USD',
  invoiceTotal: 17971,
  tenants: [
    {
      tenant: 'acme',
      direct: 12283,
      shared: 1277,
      tax: 1356,
      markup: 1356,
      total: 16272,
      lines: 20,
      markupPct: 10,
      previousTotal: 12000,
      changePct: 35.6,
    },
    {
      tenant: 'globex <ops>',
      direct: 1600,
      shared: 123,
      tax: 172,
      markup: 0,
      total: 1895,
      lines: 6,
      markupPct: 0,
      previousTotal: 0,
      changePct: null,
    },
  ],
  unallocated: {
    amount: 1160,
    lines: 2,
    byReason: [
      { reason: 'tenant_conflict', amount: 1054, lines: 1 },
      { reason: 'tax_on_unallocated', amount: 106, lines: 1 },
    ],
  },
  conflicts: [{ line: 11, description: 'example (10 GiB)', amount: 1054, claimants: ['acme', 'globex <ops>'] }],
  conserved: true,
  basis: { policy: 'proportional', tenantTagPrefix: 'tenant:', tenants: [], previousPeriod: '2025-05' },
};
