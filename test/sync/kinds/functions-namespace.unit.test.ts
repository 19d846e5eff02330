import { describe, expect, it } from 'vitest';
import { functionsNamespace } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('functions_namespace kind', () => {
  const normalized = kindParts(functionsNamespace);

  it('reads the first functions namespace of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({
      providerId: 'b4c1e9b0-6f43-4b31-9f4e-3a1f0d2c8e77',
      name: 'webhooks',
      region: 'nyc1',
      status: 'active',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(
      functionsNamespace.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook()),
    ).toBe(null);
  });
});
