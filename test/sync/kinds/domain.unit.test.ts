import { describe, expect, it } from 'vitest';
import { domain } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('domain kind', () => {
  const normalized = kindParts(domain);

  it('reads the first domain of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({ providerId: 'example.com', name: 'example.com', status: 'active' });
  });

  it('is free', () => {
    const first = normalized()[0]!;
    expect(domain.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(0);
  });
});
