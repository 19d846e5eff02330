import { describe, expect, it } from 'vitest';
import { emptyKubernetesCluster } from '../../../src/waste/rules/empty-kubernetes-cluster.js';
import { res, ruleContext } from '../rule-context.js';

describe('empty Kubernetes clusters', () => {
  it('reports HA clusters without nodes at the $40 control plane; free empty clusters and busy ones are not waste', () => {
    const cluster = (id: string, ha: boolean, counts: number[]) =>
      res('kubernetes_cluster', id, { attrs: { ha, node_pools: counts.map((count) => ({ count })) } });
    const found = emptyKubernetesCluster.detect(
      ruleContext([
        cluster('empty-ha', true, [0, 0]),
        cluster('empty-free', false, [0]),
        cluster('busy-ha', true, [2]),
      ]),
    );
    expect(found.map((f) => [f.resource.providerId, f.monthlyCents])).toEqual([['empty-ha', 4000]]);
  });
});
