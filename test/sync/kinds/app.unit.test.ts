import { describe, expect, it } from 'vitest';
import { app } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('app kind', () => {
  const normalized = kindParts(app);

  it('reads the first app of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: 'be5aab85-851b-4cab-b2ed-98d5a63ba4e8',
      name: 'sample-app',
      region: 'nyc',
      status: 'active',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(app.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(null);
  });
});
