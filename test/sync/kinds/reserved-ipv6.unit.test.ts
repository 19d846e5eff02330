import { describe, expect, it } from 'vitest';
import { reservedIpv6 } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('reserved_ipv6 kind', () => {
  const normalized = kindParts(reservedIpv6);

  it('reads the first reserved ipv6 of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '2604:a880:800:14::42c3:d000',
      name: '2604:a880:800:14::42c3:d000',
      region: 'nyc3',
      status: 'assigned',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(reservedIpv6.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });
});
