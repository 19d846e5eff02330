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
      allocatedBy: {
        own: 12283,
        spread: 2633,
        rules: [
          { rule: 'tenant_tag', amount: 10283, lines: 14, pct: 68.9 },
          { rule: 'project', amount: 2000, lines: 3, pct: 13.4 },
          { rule: 'shared', amount: 1277, lines: 2, pct: 8.6 },
          { rule: 'tax', amount: 1356, lines: 1, pct: 9.1 },
        ],
      },
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
      allocatedBy: {
        own: 1600,
        spread: 295,
        rules: [
          { rule: 'project', amount: 1600, lines: 3, pct: 84.4 },
          { rule: 'shared', amount: 123, lines: 2, pct: 6.5 },
          { rule: 'tax', amount: 172, lines: 1, pct: 9.1 },
        ],
      },
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
  allocatedBy: [
    { rule: 'tenant_tag', amount: 10283, lines: 14, pct: 57.2 },
    { rule: 'project', amount: 3600, lines: 6, pct: 20.0 },
    { rule: 'shared', amount: 1400, lines: 2, pct: 7.8 },
    { rule: 'tax', amount: 1528, lines: 1, pct: 8.5 },
    { rule: 'unallocated', reason: 'tenant_conflict', amount: 1054, lines: 1, pct: 5.9 },
    { rule: 'unallocated', reason: 'tax_on_unallocated', amount: 106, lines: 1, pct: 0.6 },
  ],
  conflicts: [{ line: 11, description: 'example (10 GiB)', amount: 1054, claimants: ['acme', 'globex <ops>'] }],
  conserved: true,
  basis: { policy: 'proportional', tenantTagPrefix: 'tenant:', tenants: [], previousPeriod: '2025-05' },
};
