import { describe, expect, it } from 'vitest';
import { droplet } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('droplet kind', () => {
  const normalized = kindParts(droplet);

  it('reads the first droplet of its sample', () => {
    expect(normalized()).toHaveLength(5);
    expect(normalized()[0]).toMatchObject({
      providerId: '3164444',
      name: 'example.com',
      region: 'nyc3',
      status: 'active',
    });
  });

  it('costs 720 cents a month at list prices', () => {
    const first = normalized()[0]!;
    expect(droplet.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(720);
  });
});
