import { describe, expect, it } from 'vitest';
import { firewall } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('firewall kind', () => {
  const normalized = kindParts(firewall);

  it('reads the first firewall of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: 'fb6045f1-cf1d-4ca3-bfac-18832663025b',
      name: 'web-fw',
      status: 'succeeded',
    });
  });

  it('is free', () => {
    const first = normalized()[0]!;
    expect(firewall.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(0);
  });
});
