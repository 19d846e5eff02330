import { describe, expect, it } from 'vitest';
import { floatingIp } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('floating_ip kind', () => {
  const normalized = kindParts(floatingIp);

  it('reads the first floating ip of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '45.55.96.47',
      name: '45.55.96.47',
      region: 'nyc3',
      status: 'assigned',
    });
  });

  it('is free', () => {
    const first = normalized()[0]!;
    expect(floatingIp.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(0);
  });
});
