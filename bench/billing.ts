/**
 * Tenant billing benchmark: a generated invoice allocated to tenants, in memory (attribution of the
 * inventory, then the allocation of every line), as `arcadia billing report` does once the lines
 * are read. Pure work, so it runs at full size even under BENCH_QUICK.
 */
import { allocateInvoice, type BillingLine } from '../src/billing/allocate-invoice.js';
import { attributeResources, resolveProjects, type AttributableResource } from '../src/billing/attribute-resources.js';
import type { TenantDefinition } from '../src/billing/tenant-definition.js';
import { count, perSecond, seconds, timed, type BenchSection } from './lib.js';

export interface BillingBenchOptions {
  lines: number;
  tenants: number;
  resources: number;
  /** The ingest figure of the invoice section, to print beside (lines/s), when it ran. */
  ingestLinesPerSecond?: string;
}

export async function billingBenchmark(options: BillingBenchOptions): Promise<BenchSection> {
  const tenants: TenantDefinition[] = Array.from({ length: options.tenants }, (_, i) => ({
    name: `tenant-${i}`,
    projects: i % 3 === 0 ? [`project-${i}`] : [],
    tags: i % 3 === 1 ? [`team-${i}`] : [],
    markupPct: i % 5 === 0 ? 12.5 : 0,
  }));
  const projects = tenants.map((_, i) => ({ providerId: `p-${i}`, name: `project-${i}` }));
  // A third of the tenants by tenant:<name> tag, a third by a mapped tag, a third by project; every 20th resource no one's.
  const resources: AttributableResource[] = Array.from({ length: options.resources }, (_, r) => {
    const t = r % options.tenants;
    const unowned = r % 20 === 19;
    return {
      kind: 'droplet',
      providerId: String(r),
      tags: unowned ? [] : t % 3 === 2 ? [`tenant:tenant-${t}`] : t % 3 === 1 ? [`team-${t}`] : [],
      projectId: unowned ? null : `p-${t}`,
      attrs: {},
    };
  });
  const lines: BillingLine[] = Array.from({ length: options.lines }, (_, i) => {
    const amount = 1 + ((i * 7919) % 250_00);
    const base = {
      line: i + 2,
      product: 'Droplets',
      groupDescription: '',
      description: `line ${i}`,
      amount,
      project: '',
      kind: 'droplet',
    };
    if (i % 1000 === 999) return { ...base, product: 'Taxes', kind: null, match: null, reason: 'tax' };
    if (i % 10 === 9)
      return { ...base, product: 'Container Registry', kind: null, match: null, reason: 'no_inventory_surface' };
    return { ...base, match: { kind: 'droplet', providerId: String(i % options.resources), name: '' }, reason: null };
  });

  const { value: allocation, ms } = await timed(async () => {
    const resolved = resolveProjects(tenants, projects);
    const attribution = attributeResources(tenants, resources, resolved, 'tenant:');
    return allocateInvoice({ lines, tenants, attribution, projects: resolved, policy: 'proportional' });
  });
  const rate = perSecond(options.lines, ms);
  const text = [
    `### Allocation of a ${count(options.lines)}-line invoice over ${options.tenants} tenants (${count(options.resources)} resources)`,
    '',
    `Attribution of every resource and the allocation of every line (direct, shared split proportionally line by line, tax,`,
    `markup; largest-remainder rounding) took ${seconds(ms)} s: **${rate} lines/s**${options.ingestLinesPerSecond ? `, beside ${options.ingestLinesPerSecond} lines/s for ingest and match of the largest invoice above` : ''}.`,
    `Conserved to the cent: ${allocation.conserved} (${count(allocation.unallocated.lines)} line(s) left unallocated).`,
  ].join('\n');
  return { text, growth: [], facts: { allocationLinesPerSecond: rate } };
}
