import { PRICE_LIST } from '../../pricing/price-list.js';
import { attrsOf, wasteRule } from '../waste-rule.js';

/**
 * DOKS clusters whose node pools hold no nodes: nothing runs, yet an HA control plane is billed.
 * A cluster without HA costs nothing while empty and is not reported.
 */
export const emptyKubernetesCluster = wasteRule({
  id: 'empty-kubernetes-cluster',
  title: 'Empty Kubernetes clusters',
  kinds: ['kubernetes_cluster'],
  detect(ctx) {
    return ctx.resources('kubernetes_cluster').flatMap((c) => {
      const a = attrsOf(c);
      const pools = Array.isArray(a.node_pools) ? (a.node_pools as { count?: unknown }[]) : [];
      const nodes = pools.reduce((n, p) => n + (typeof p.count === 'number' ? p.count : 0), 0);
      if (nodes > 0 || a.ha !== true) return [];
      return [
        {
          resource: c,
          reason: `HA control plane with ${pools.length} node pool${pools.length === 1 ? '' : 's'} and no nodes`,
          monthlyCents: PRICE_LIST.kubernetesHaControlPlaneCents,
          since: c.lastSeenAt,
        },
      ];
    });
  },
});
