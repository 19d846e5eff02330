import { describe, expect, it } from 'vitest';
import { loadBalancer } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('load_balancer kind', () => {
  const normalized = kindParts(loadBalancer);

  it('reads the first load balancer of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '4de7ac8b-495b-4884-9a69-1050c6793cd6',
      name: 'example-lb-01',
      region: 'nyc3',
      status: 'active',
    });
  });

  it('costs 1200 cents a month at list prices', () => {
    const first = normalized()[0]!;
    expect(loadBalancer.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      1200,
    );
  });
});
