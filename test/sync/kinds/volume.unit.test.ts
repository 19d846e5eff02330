import { describe, expect, it } from 'vitest';
import { volume } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('volume kind', () => {
  const normalized = kindParts(volume);

  it('reads the first volume of its sample', () => {
    expect(normalized()).toHaveLength(3);
    expect(normalized()[0]).toMatchObject({
      providerId: '506f78a4-e098-11e5-ad9f-000f53306ae1',
      name: 'assets-data',
      region: 'nyc3',
      status: 'attached',
    });
  });

  it('costs 1000 cents a month at list prices', () => {
    const first = normalized()[0]!;
    expect(volume.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(1000);
  });
});
