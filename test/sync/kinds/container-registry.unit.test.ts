import { describe, expect, it } from 'vitest';
import { containerRegistry } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('container_registry kind', () => {
  const normalized = kindParts(containerRegistry);

  it('reads the first container registry of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({
      providerId: 'example-registry',
      name: 'example-registry',
      region: 'nyc3',
      status: 'active',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(
      containerRegistry.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook()),
    ).toBe(null);
  });
});
