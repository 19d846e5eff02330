import { describe, expect, it } from 'vitest';
import { explainAnomaly, type ExplainedResource } from '../../src/anomaly/explain.js';
import { productOfSku } from '../../src/anomaly/sku-product.js';

const day = '2026-02-27';
const resource = (over: Partial<ExplainedResource>): ExplainedResource => ({
  kind: 'volume',
  providerId: 'v1',
  name: 'logs',
  attrs: {},
  firstSeenAt: new Date('2026-01-02T00:00:00Z'),
  lastSeenAt: new Date('2026-01-02T00:00:00Z'),
  ...over,
});

describe('explainAnomaly', () => {
  it('names what was created, came back or changed that day, new lines on the bill and the sagas that ran', () => {
    const out = explainAnomaly({
      day,
      today: [
        { description: 'logs (500 GiB)', cents: 167, resource: 'volume:v1' },
        { description: 'web (s-1vcpu-1gb)', cents: 20, resource: null },
      ],
      yesterday: [{ description: 'web (s-1vcpu-1gb)' }],
      resources: [
        resource({ attrs: { created_at: '2026-02-27T09:00:00Z' } }),
        resource({ kind: 'droplet', name: 'old', revivedSyncRunId: 'r', lastSeenAt: new Date('2026-02-27T10:00:00Z') }),
        resource({
          kind: 'droplet',
          name: 'same',
          changedSyncRunId: 'r',
          lastSeenAt: new Date('2026-02-20T10:00:00Z'),
        }),
      ],
      sagas: [
        {
          sagaId: 'abc',
          blueprint: 'web-stack',
          status: 'succeeded',
          createdAt: new Date('2026-02-27T08:00:00Z'),
          finishedAt: null,
        },
        {
          sagaId: 'old',
          blueprint: 'web-stack',
          status: 'succeeded',
          createdAt: new Date('2026-02-01T08:00:00Z'),
          finishedAt: null,
        },
      ],
    });
    expect(out).toEqual([
      'volume logs was created that day',
      'droplet old came back that day',
      'new on the bill: logs (500 GiB)',
      'saga abc (web-stack) ran that day, succeeded',
    ]);
  });

  it('says nothing when nothing in the inventory moved', () => {
    expect(
      explainAnomaly({
        day,
        today: [{ description: 'x', cents: 1, resource: null }],
        yesterday: [{ description: 'x' }],
        resources: [],
        sagas: [],
      }),
    ).toEqual([]);
  });
});

describe('productOfSku', () => {
  it("reads the product from the SKU's family, as DO's examples spell them, and nothing from an unknown one", () => {
    expect(productOfSku('1-DO-DROP-0109')).toBe('Droplets');
    expect(productOfSku('1-KS-K8SWN-00109')).toBe('Kubernetes Clusters');
    expect(productOfSku('9-ZZ-UNKNOWN')).toBeNull();
  });
});
