import { describe, expect, it } from 'vitest';
import { vpc } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('vpc kind', () => {
  const normalized = kindParts(vpc);

  it('reads the first vpc of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '760e09ef-dc84-11e8-981e-3cfdfeaae000',
      name: 'default-nyc3',
      region: 'nyc3',
      status: 'active',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(vpc.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(null);
  });
});
