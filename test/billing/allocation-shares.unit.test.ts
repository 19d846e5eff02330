import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateInvoice, SHARED_COST_POLICIES, type BillingLine } from '../../src/billing/allocate-invoice.js';
import { allocationRuleShares, describeRuleShares, tenantRuleShares } from '../../src/billing/allocation-shares.js';
import type { Attribution } from '../../src/billing/attribute-resources.js';
import type { TenantDefinition } from '../../src/billing/tenant-definition.js';

const tenant = (name: string, markupPct = 0): TenantDefinition => ({ name, projects: [], tags: [], markupPct });
const noProjects = { byId: new Map(), byName: new Map() };
let n = 0;
const line = (amount: number, rest: Partial<BillingLine> = {}): BillingLine => ({
  line: ++n,
  product: 'Droplets',
  groupDescription: '',
  description: `line ${n}`,
  amount,
  project: '',
  kind: 'droplet',
  match: null,
  reason: null,
  ...rest,
});
const on = (providerId: string) => ({ match: { kind: 'droplet', providerId, name: providerId } });

describe('allocation by rule', () => {
  const attribution = new Map<string, Attribution>([
    ['droplet:own', { tenant: 'acme', via: 'tenant_tag' }],
    ['droplet:mapped', { tenant: 'acme', via: 'tag' }],
    ['droplet:proj', { tenant: 'globex', via: 'project' }],
    ['droplet:backup', { tenant: 'globex', via: 'inherited' }],
    ['droplet:both', { tenant: null, reason: 'tenant_conflict', claimants: ['acme', 'globex'] }],
  ]);
  const lines = [
    line(4000, on('own')),
    line(1000, on('mapped')),
    line(2000, on('proj')),
    line(500, on('backup')),
    line(300, { reason: 'resource_never_seen', project: 'globex-web' }),
    line(1200, { product: 'Container Registry', kind: null, reason: 'no_inventory_surface' }),
    line(700, on('both')),
    line(300, { product: 'Taxes', kind: null, reason: 'tax' }),
  ];
  const projects = { byId: new Map(), byName: new Map([['globex-web', ['globex']]]) };
  const a = allocateInvoice({
    lines,
    tenants: [tenant('acme', 10), tenant('globex')],
    attribution,
    projects,
    policy: 'proportional',
  });

  it('says how much of the spend each rule allocated, adding up to the invoice and to 100 %', () => {
    const shares = allocationRuleShares(a);
    expect(shares.map((s) => [s.rule, s.reason ?? null, s.amount, s.lines])).toEqual([
      ['tenant_tag', null, 4000, 1],
      ['tag', null, 1000, 1],
      ['project', null, 2000, 1],
      ['inherited', null, 500, 1],
      ['project_name', null, 300, 1],
      ['shared', null, 1200, 1],
      ['tax', null, 278, 1],
      ['unallocated', 'tenant_conflict', 700, 1],
      ['unallocated', 'tax_on_unallocated', 22, 1],
    ]);
    expect(shares.reduce((s, r) => s + r.amount, 0)).toBe(a.invoiceTotal);
    expect(Math.round(shares.reduce((s, r) => s + r.pct, 0) * 10)).toBe(1000);
    // 4000 of 10,000 is 40.0 %; the markup is billed on top and is not spend.
    expect(shares[0]!.pct).toBe(40);
    expect(describeRuleShares(shares.slice(0, 2))).toBe('tenant tag 40.0% · mapped tag 10.0%');
  });

  it("tells a tenant's own resources from what was spread to it", () => {
    const acme = a.tenants.find((t) => t.tenant === 'acme')!;
    const mine = tenantRuleShares(acme.shares);
    expect(mine.own).toBe(5000);
    expect(mine.own + mine.spread).toBe(acme.direct + acme.shared + acme.tax);
    expect(mine.rules.map((r) => r.rule)).toEqual(['tenant_tag', 'tag', 'shared', 'tax']);
    expect(Math.round(mine.rules.reduce((s, r) => s + r.pct, 0) * 10)).toBe(1000);
  });

  it('has no shares with nothing spent', () => {
    const empty = allocateInvoice({
      lines: [],
      tenants: [],
      attribution: new Map(),
      projects: noProjects,
      policy: 'even',
    });
    expect(allocationRuleShares(empty)).toEqual([]);
  });
});

describe('rule shares (property)', () => {
  const arbLine = fc.record({
    amount: fc.integer({ min: 0, max: 5_000_000 }),
    owner: fc.integer({ min: -3, max: 5 }),
    via: fc.constantFrom('tenant_tag', 'tag', 'project', 'inherited'),
    tax: fc.boolean(),
  });
  it('the rules’ cents add up to the invoice total and their percentages to 100.0, for every policy', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(...SHARED_COST_POLICIES),
        (raw, count, policy) => {
          const tenants = Array.from({ length: count }, (_, i) => tenant(`t${i}`));
          const attribution = new Map<string, Attribution>();
          const lines = raw.map((r, i): BillingLine => {
            const base = {
              line: i + 1,
              product: 'P',
              groupDescription: '',
              description: '',
              amount: r.amount,
              project: '',
              kind: 'droplet',
            };
            if (r.tax) return { ...base, kind: null, match: null, reason: 'tax' };
            if (r.owner < 0 || r.owner >= count) return { ...base, match: null, reason: 'no_inventory_surface' };
            attribution.set(`droplet:r${i}`, { tenant: `t${r.owner}`, via: r.via as 'project' });
            return { ...base, match: { kind: 'droplet', providerId: `r${i}`, name: '' }, reason: null };
          });
          const a = allocateInvoice({ lines, tenants, attribution, projects: noProjects, policy });
          const shares = allocationRuleShares(a);
          expect(shares.reduce((s, r) => s + r.amount, 0)).toBe(a.invoiceTotal);
          const pct = Math.round(shares.reduce((s, r) => s + r.pct, 0) * 10);
          expect(pct).toBe(a.invoiceTotal > 0 ? 1000 : 0);
          for (const t of a.tenants) {
            const mine = tenantRuleShares(t.shares);
            expect(mine.own + mine.spread).toBe(t.direct + t.shared + t.tax);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
