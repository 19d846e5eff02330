import { loadBalancerNodes } from '../../pricing/price-list.js';
import { monthlyCostCents } from '../../pricing/resource-cost.js';
import { attrsOf, wasteRule } from '../waste-rule.js';

/** Load balancers sending to no droplet (no droplet ids, and no tag naming a live droplet): billed per node regardless. */
export const idleLoadBalancer = wasteRule({
  id: 'idle-load-balancer',
  title: 'Load balancers with no droplets',
  kinds: ['load_balancer', 'droplet'],
  // Of droplets, only the tags of those that have any.
  reads: { droplet: { keep: (d) => (d.tags ?? []).length > 0, fields: ['tags'] } },
  detect(ctx) {
    const dropletTags = new Set(ctx.resources('droplet').flatMap((d) => d.tags ?? []));
    return ctx.resources('load_balancer').flatMap((lb) => {
      const a = attrsOf(lb);
      const ids = Array.isArray(a.droplet_ids) ? a.droplet_ids : [];
      if (ids.length > 0 || (typeof a.tag === 'string' && dropletTags.has(a.tag))) return [];
      const nodes = loadBalancerNodes(a);
      return [
        {
          resource: lb,
          reason: `load balancer with ${nodes} node${nodes === 1 ? '' : 's'} and no droplets behind it`,
          monthlyCents: monthlyCostCents(lb, ctx.prices) ?? 0,
          since: lb.lastSeenAt,
        },
      ];
    });
  },
});
