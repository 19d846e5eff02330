import { consolePageById, type KindSpec } from '../kind-spec.js';
import { arr, bool, idList, listedIdentity, num, obj, str } from '../normalize-helpers.js';

/**
 * DOKS clusters. Their worker nodes are droplets, billed under the cluster: `node_droplet_ids`
 * links them. Node states and timestamps are left out so a node's heartbeat does not rewrite the cluster.
 */
export const kubernetesCluster: KindSpec<'kubernetes_cluster'> = {
  kind: 'kubernetes_cluster',
  endpoints: [{ path: '/v2/kubernetes/clusters', key: 'kubernetes_clusters', scope: 'kubernetes:read' }],
  urnTypes: ['kubernetes'],
  projects: 'default',
  // Unpriced: a cluster bills through its node droplets and add-ons.
  monthlyCost: () => null,
  aliases: ['kubernetes', 'k8s', 'doks'],
  invoice: { patterns: [{ priority: 120, product: /\bkubernetes\b|\bdoks\b/i }], nameFromGroup: true },
  usuallyFree: () => null,
  show: { fields: [['version', 'version']] },
  console: { list: '/kubernetes/clusters', page: consolePageById('/kubernetes/clusters') },
  standin: { fixture: 'kubernetes_clusters.json' },
  normalize(raw) {
    const pools = arr(raw.node_pools).map(obj);
    const nodeDropletIds = (pool: Record<string, unknown>) => idList(arr(pool.nodes).map((n) => obj(n).droplet_id));
    return {
      ...listedIdentity(raw),
      status: str(obj(raw.status).state),
      attrs: {
        version: str(raw.version),
        vpc_uuid: str(raw.vpc_uuid),
        ha: bool(raw.ha),
        auto_upgrade: bool(raw.auto_upgrade),
        ipv4: str(raw.ipv4),
        node_pools: pools.map((p) => ({
          id: str(p.id),
          name: str(p.name),
          size: str(p.size),
          count: num(p.count),
          auto_scale: bool(p.auto_scale),
          min_nodes: num(p.min_nodes),
          max_nodes: num(p.max_nodes),
          droplet_ids: nodeDropletIds(p),
        })),
        node_droplet_ids: pools.flatMap(nodeDropletIds),
        created_at: str(raw.created_at),
      },
    };
  },
};
