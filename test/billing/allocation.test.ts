import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateInvoice, SHARED_COST_POLICIES, type BillingLine } from '../../src/billing/allocate-invoice.js';
import type { Attribution } from '../../src/billing/attribute-resources.js';
import { largestRemainder, percentOf } from '../../src/billing/largest-remainder.js';
import type { TenantDefinition } from '../../src/billing/tenant-definition.js';

const tenant = (name: string, markupPct = 0): TenantDefinition => ({ name, projects: [], tags: [], markupPct });
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
const noProjects = { byId: new Map(), byName: new Map() };

describe('largestRemainder', () => {
  it('gives the odd cents to the largest remainders and always adds up', () => {
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(largestRemainder(10, [6000, 3000, 1000])).toEqual([6, 3, 1]);
    expect(largestRemainder(7, [0, 0])).toBeNull();
    expect(largestRemainder(Number.MAX_SAFE_INTEGER, [Number.MAX_SAFE_INTEGER, 3])!.reduce((a, b) => a + b)).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('rounds a markup half away from zero', () => {
    expect(percentOf(1050, 10)).toBe(105);
    expect(percentOf(5, 10)).toBe(1); // 0.5 → 1
    expect(percentOf(-5, 10)).toBe(-1);
    expect(percentOf(1000, 12.5)).toBe(125);
  });
});

describe('allocateInvoice', () => {
  const attribution = new Map<string, Attribution>([
    ['droplet:a1', { tenant: 'acme', via: 'project' }],
    ['droplet:g1', { tenant: 'globex', via: 'tag' }],
    ['droplet:x', { tenant: null, reason: 'tenant_conflict', claimants: ['acme', 'globex'] }],
  ]);
  const lines = [
    line(3000, on('a1')),
    line(1000, on('g1')),
    line(500, on('x')),
    line(1001, { product: 'Container Registry', kind: null, reason: 'no_inventory_surface' }),
    line(700, { reason: 'resource_never_seen', project: 'acme-project' }),
    line(620, { product: 'Taxes', kind: null, reason: 'tax' }),
  ];
  const projects = { byId: new Map(), byName: new Map([['acme-project', ['acme']]]) };
  const run = (policy: (typeof SHARED_COST_POLICIES)[number], tenants = [tenant('acme', 10), tenant('globex')]) =>
    allocateInvoice({ lines, tenants, attribution, projects, policy });

  it('proportional: shared split by direct cost, tax by direct + shared over the pre-tax total, markup on top', () => {
    const a = run('proportional');
    expect(a.invoiceTotal).toBe(6821);
    // acme direct 3000 + 700 (unmatched line of its project); globex 1000. Shared 1001 split 3700:1000.
    const acme = a.tenants.find((t) => t.tenant === 'acme')!;
    const globex = a.tenants.find((t) => t.tenant === 'globex')!;
    expect([acme.direct, acme.shared, globex.direct, globex.shared]).toEqual([3700, 788, 1000, 213]);
    // Tax 620 over the pre-tax 6201: acme 4488, globex 1213, the conflict's 500 stays out.
    expect([acme.tax, globex.tax]).toEqual([449, 121]);
    expect(acme.markup).toBe(449); // round(10% of 4488)
    expect(acme.total).toBe(3700 + 788 + 449 + 449);
    expect(a.unallocated.byReason).toEqual([
      { reason: 'tenant_conflict', amount: 500, lines: 1 },
      { reason: 'tax_on_unallocated', amount: 50, lines: 1 },
    ]);
    expect(a.conflicts).toEqual([
      { line: lines[2]!.line, description: lines[2]!.description, amount: 500, claimants: ['acme', 'globex'] },
    ]);
    expect(a.conserved).toBe(true);
    expect(acme.shares.find((s) => s.line === lines[4])!.via).toBe('project_name');
  });

  it('even: shared split equally whatever the direct cost', () => {
    const a = run('even');
    expect(a.tenants.map((t) => [t.tenant, t.shared])).toEqual([
      ['acme', 501],
      ['globex', 500],
    ]);
    expect(a.conserved).toBe(true);
  });

  it('none: shared lines stay unallocated, and so does their tax', () => {
    const a = run('none');
    expect(a.tenants.every((t) => t.shared === 0)).toBe(true);
    expect(a.unallocated.byReason.find((r) => r.reason === 'shared_policy_none')).toEqual({
      reason: 'shared_policy_none',
      amount: 1001,
      lines: 1,
    });
    expect(a.conserved).toBe(true);
  });

  it('with no tenants everything stays unallocated', () => {
    const a = run('proportional', []);
    expect(a.tenants).toEqual([]);
    expect(a.unallocated.amount).toBe(a.invoiceTotal);
  });

  it('a statement’s rows add up to its tenant’s total', () => {
    for (const t of run('proportional').tenants) {
      expect(t.shares.reduce((s, x) => s + x.direct + x.shared + x.tax + x.markup, 0)).toBe(t.total);
    }
  });
});

describe('conservation (property)', () => {
  it('largestRemainder adds up exactly, with plain numbers and past 2^53 alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.integer({ min: -1000, max: Number.MAX_SAFE_INTEGER }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = largestRemainder(total, weights);
          if (parts === null) {
            expect(weights.every((w) => w <= 0)).toBe(true);
          } else {
            expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
            for (const [i, w] of weights.entries()) if (w <= 0) expect(parts[i]).toBe(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  const arbLine = fc.record({
    amount: fc.integer({ min: -50_000, max: 5_000_000 }),
    owner: fc.integer({ min: -3, max: 7 }), // <0: shared / tax / conflict; else a resource of tenant `owner`
    tax: fc.boolean(),
  });
  it('Σ tenants (direct + shared + tax) + unallocated = invoice total, for every policy', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 60 }),
        fc.array(
          fc.integer({ min: 0, max: 5000 }).map((bp) => bp / 100),
          { maxLength: 8 },
        ),
        fc.constantFrom(...SHARED_COST_POLICIES),
        (raw, markups, policy) => {
          const tenants = markups.map((m, i) => tenant(`t${i}`, m));
          const attribution = new Map<string, Attribution>([
            ['droplet:conflict', { tenant: null, reason: 'tenant_conflict', claimants: ['t0', 't1'] }],
          ]);
          tenants.forEach((t, i) => attribution.set(`droplet:r${i}`, { tenant: t.name, via: 'project' }));
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
            if (r.owner === -1)
              return { ...base, match: { kind: 'droplet', providerId: 'conflict', name: '' }, reason: null };
            if (r.owner < 0) return { ...base, match: null, reason: 'no_inventory_surface' };
            return { ...base, match: { kind: 'droplet', providerId: `r${r.owner}`, name: '' }, reason: null };
          });
          const a = allocateInvoice({ lines, tenants, attribution, projects: noProjects, policy });
          const total = lines.reduce((s, l) => s + l.amount, 0);
          expect(a.invoiceTotal).toBe(total);
          expect(a.tenants.reduce((s, t) => s + t.direct + t.shared + t.tax, 0) + a.unallocated.amount).toBe(total);
          expect(a.conserved).toBe(true);
          for (const t of a.tenants) {
            expect(t.total).toBe(t.direct + t.shared + t.tax + t.markup);
            expect(t.shares.reduce((s, x) => s + x.direct + x.shared + x.tax + x.markup, 0)).toBe(t.total);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
