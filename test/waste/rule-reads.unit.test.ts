import { describe, expect, it } from 'vitest';
import { consoleUrl } from '../../src/inventory/console-url.js';
import { WASTE_RULES } from '../../src/waste/rules/index.js';
import { idleLoadBalancer } from '../../src/waste/rules/idle-load-balancer.js';
import { heldFor, type WasteContext, type WasteResource, type WasteRule } from '../../src/waste/waste-rule.js';
import { daysAgo, res, ruleContext } from './rule-context.js';

/** Live resources of every kind a rule reads, waste and not: each rule's test cases, side by side. */
const INVENTORY: WasteResource[] = [
  res('droplet', 'off-old', {
    status: 'off',
    tags: ['web'],
    attrs: { size_slug: 's-1vcpu-1gb', backups_enabled: true },
    lastChangedDaysAgo: 30,
  }),
  res('droplet', 'off-new', { status: 'off', attrs: { size_slug: 's-2vcpu-2gb' }, lastChangedDaysAgo: 2 }),
  res('droplet', 'off-node', {
    status: 'off',
    tags: ['k8s', 'k8s:worker'],
    attrs: { size_slug: 's-1vcpu-1gb' },
    lastChangedDaysAgo: 30,
  }),
  res('droplet', 'on', { status: 'active', tags: ['api'], attrs: { size_slug: 's-1vcpu-1gb', backups_enabled: true } }),
  res('droplet', 'src-42', { status: 'active', attrs: { size_slug: 's-1vcpu-1gb' } }),
  res('volume', 'vol-loose', { status: 'unattached', attrs: { size_gigabytes: 100 }, lastChangedDaysAgo: 9 }),
  res('volume', 'vol-used', { status: 'attached', attrs: { size_gigabytes: 10 } }),
  ...[
    ['snap-orphan', 200, 'gone', 'droplet'],
    ['snap-kept', 91, 'src-42', 'droplet'],
    ['snap-vol', 120, 'vol-used', 'volume'],
    ['snap-recent', 10, 'gone', 'droplet'],
  ].map(([id, days, source, type]) =>
    res('snapshot', String(id), {
      attrs: {
        resource_type: type,
        resource_id: source,
        size_gigabytes: 2.34,
        created_at: daysAgo(Number(days)).toISOString(),
      },
    }),
  ),
  res('load_balancer', 'lb-empty', { attrs: { droplet_ids: [], tag: null, size_unit: 3 } }),
  res('load_balancer', 'lb-web', { attrs: { droplet_ids: [], tag: 'web', size_unit: 1 } }),
  res('load_balancer', 'lb-dead-tag', { attrs: { droplet_ids: [], tag: 'nobody', size_unit: 1 } }),
  res('load_balancer', 'lb-ids', { attrs: { droplet_ids: ['1'], size_unit: 1 } }),
  res('floating_ip', '203.0.113.1', { attrs: { droplet: null } }),
  res('floating_ip', '203.0.113.2', { attrs: { droplet: { id: 1 } } }),
];

/** The rule's context as the engine builds it: each kind it reads kept as its `reads` declares. */
function heldContext(rule: WasteRule, inventory: WasteResource[]): WasteContext {
  const full = ruleContext(inventory);
  return { ...full, resources: (kind) => full.resources(kind).flatMap((r) => heldFor(rule.reads?.[kind], r) ?? []) };
}

// With each finding's console link, worked out from the resource as held: a declaration must not drop the attrs it reads.
const findings = (rule: WasteRule, ctx: WasteContext) =>
  rule.detect(ctx).map((f) => ({ ...f, resource: f.resource.providerId, consoleUrl: consoleUrl(f.resource) }));

describe('what rules declare they read', () => {
  it('finds the same waste as every live resource in full, for every rule', () => {
    for (const rule of WASTE_RULES)
      expect([rule.id, findings(rule, heldContext(rule, INVENTORY))]).toEqual([
        rule.id,
        findings(rule, ruleContext(INVENTORY)),
      ]);
    // The inventory holds waste for the rules that declare reads, so the comparison is not vacuous.
    expect(
      WASTE_RULES.filter((r) => r.reads).map((r) => [r.id, findings(r, ruleContext(INVENTORY)).length > 0]),
    ).toEqual(WASTE_RULES.filter((r) => r.reads).map((r) => [r.id, true]));
  });

  it('keeps only what was declared', () => {
    const full = INVENTORY.find((r) => r.providerId === 'on')!;
    expect(heldFor({ fields: ['tags'] }, full)).toEqual({ kind: 'droplet', providerId: 'on', tags: ['api'] });
    expect(heldFor({ keep: (r) => r.status === 'off' }, full)).toBeUndefined();
    expect(heldFor(undefined, full)).toBe(full);
  });

  it('catches a declaration that drops what the rule reads', () => {
    const careless: WasteRule = { ...idleLoadBalancer, reads: { droplet: { fields: [] } } };
    expect(findings(careless, heldContext(careless, INVENTORY))).not.toEqual(
      findings(careless, ruleContext(INVENTORY)),
    );
  });
});
