import { describe, expect, it } from 'vitest';
import { idleLoadBalancer } from '../../../src/waste/rules/idle-load-balancer.js';
import { res, ruleContext } from '../rule-context.js';

describe('load balancers with no droplets', () => {
  it('reports balancers with neither droplet ids nor a tag on a live droplet, at $12 a node', () => {
    const found = idleLoadBalancer.detect(
      ruleContext([
        res('load_balancer', 'empty-3-nodes', { attrs: { droplet_ids: [], tag: null, size_unit: 3 } }),
        res('load_balancer', 'empty-legacy', { attrs: { droplet_ids: [], tag: null, size: 'lb-small' } }),
        res('load_balancer', 'dead-tag', { attrs: { droplet_ids: [], tag: 'nobody', size_unit: 1 } }),
        res('load_balancer', 'by-id', { attrs: { droplet_ids: ['1'], size_unit: 1 } }),
        res('load_balancer', 'by-tag', { attrs: { droplet_ids: [], tag: 'web', size_unit: 1 } }),
        res('droplet', '2', { tags: ['web'] }),
      ]),
    );
    expect(found.map((f) => [f.resource.providerId, f.monthlyCents])).toEqual([
      ['empty-3-nodes', 3600],
      ['empty-legacy', 1200],
      ['dead-tag', 1200],
    ]);
  });
});
