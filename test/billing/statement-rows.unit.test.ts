import { describe, expect, it } from 'vitest';
import { statementFor } from '../../src/billing/statement-rows.js';
import { TenantNotFoundError } from '../../src/billing/tenant-store.js';
import { allocation, billingLine, share, taxLine, tenantAllocation } from './statement-fixture.js';

const web = billingLine();
const lb = billingLine({
  line: 3,
  product: 'Load Balancers',
  groupDescription: 'shared',
  description: 'lb-1',
  kind: 'load_balancer',
  match: { kind: 'load_balancer', providerId: 'lb-uuid', name: '' },
});
const tax = taxLine();
const acme = tenantAllocation(
  'acme',
  [
    share(web, 'tenant_tag', { direct: 1000, markup: 100 }),
    share(lb, 'shared', { shared: 333, markup: 33 }),
    share(tax, 'tax', { tax: 200 }),
  ],
  10,
);
const other = tenantAllocation('globex', [share(lb, 'shared', { shared: 667 })]);

describe('statementFor', () => {
  it("lists the tenant's part of each line, in the allocation's order", () => {
    const s = statementFor(allocation([acme, other]), 'acme', '2025-06', true);
    expect(s).toMatchObject({ period: '2025-06', estimate: true, tenant: { tenant: 'acme' } });
    expect(s.rows.map((r) => [r.line, r.via, r.direct, r.shared, r.tax, r.markup, r.total])).toEqual([
      [2, 'tenant_tag', 1000, 0, 0, 100, 1100],
      [3, 'shared', 0, 333, 0, 33, 366],
      [9, 'tax', 0, 0, 200, 0, 200],
    ]);
  });

  it("adds up to the tenant's total in the report, to the cent", () => {
    const s = statementFor(allocation([acme, other]), 'acme', '2025-06', false);
    expect(s.rows.reduce((n, r) => n + r.total, 0)).toBe(acme.total);
  });

  it('names the resource as kind:id (name), joins group and description, and calls an unmatched tax line tax', () => {
    const [webRow, lbRow, taxRow] = statementFor(allocation([acme]), 'acme', '2025-06', false).rows;
    expect(webRow).toMatchObject({
      resource: 'droplet:3164444 (web-1)',
      description: 'web-1 (s-1vcpu-1gb)',
      kind: 'droplet',
      project: 'acme-web',
      product: 'Droplets',
    });
    expect(lbRow).toMatchObject({ resource: 'load_balancer:lb-uuid', description: 'shared — lb-1' });
    expect(taxRow).toMatchObject({ resource: '', kind: 'tax' });
  });

  it('refuses a tenant the allocation does not hold', () => {
    expect(() => statementFor(allocation([acme]), 'initech', '2025-06', false)).toThrow(TenantNotFoundError);
  });
});
