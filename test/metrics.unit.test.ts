import { describe, expect, it } from 'vitest';
import { endpointClass, registry } from '../src/metrics.js';

describe('endpointClass', () => {
  it.each([
    ['/v2/droplets', '/v2/droplets'],
    ['/v2/droplets?per_page=200&page=3', '/v2/droplets'],
    ['/v2/droplets/3164494/actions', '/v2/droplets'],
    ['/v2/domains/example.com/records', '/v2/domains'],
    ['/v2/tags/web-prod/resources', '/v2/tags'],
    ['/v2/customers/my/invoices/22737513-0ea7-4206-8ceb-98a575af7681/csv', '/v2/customers'],
    ['/v2/kubernetes/clusters/bd5f5959-5e1e-4205-a714-a914373942af', '/v2/kubernetes'],
    ['/V2/Droplets', '/v2/droplets'],
  ])('%s is %s', (path, expected) => expect(endpointClass(path)).toBe(expected));

  it('puts what is not a DO collection path in one class', () => {
    expect(endpointClass('/')).toBe('other');
    expect(endpointClass('/v2/my%20droplet')).toBe('other');
  });
});

describe('the metrics', () => {
  // Words Arcadia chooses from a small set; a person, channel, token or resource would be a label per value.
  const LOW_CARDINALITY = new Set([
    'queue',
    'state',
    'outcome',
    'endpoint',
    'method',
    'status',
    'account',
    'kind',
    'change',
    'match',
  ]);

  it('label only by low-cardinality words, never by who, where or which resource', async () => {
    const metrics = registry.getMetricsAsArray();
    expect(metrics.length).toBeGreaterThan(10);
    for (const metric of metrics) {
      const { name, labelNames } = metric as unknown as { name: string; labelNames: string[] };
      expect(name).toMatch(/^arcadia_/);
      for (const label of labelNames) expect(LOW_CARDINALITY, `${name} is labelled by ${label}`).toContain(label);
    }
  });
});
