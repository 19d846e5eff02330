import { describe, expect, it } from 'vitest';
import { kubernetesCluster } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('kubernetes_cluster kind', () => {
  const normalized = kindParts(kubernetesCluster);

  it('reads the first kubernetes cluster of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({
      providerId: 'bd5f5959-5e1e-4205-a714-a914373942af',
      name: 'prod-cluster-01',
      region: 'nyc1',
      status: 'running',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(
      kubernetesCluster.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook()),
    ).toBe(null);
  });
});
