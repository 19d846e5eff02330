import { describe, expect, it } from 'vitest';
import { cdnEndpoint } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('cdn_endpoint kind', () => {
  const normalized = kindParts(cdnEndpoint);

  it('reads the first cdn endpoint of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({
      providerId: '19f06b6a-3ace-4315-b086-499a0e521b76',
      name: 'static.example.com',
      status: 'active',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(cdnEndpoint.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });
});
