import { describe, expect, it } from 'vitest';
import { vpcNatGateway } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('vpc_nat_gateway kind', () => {
  const normalized = kindParts(vpcNatGateway);

  it('reads the first vpc nat gateway of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({
      providerId: '70e1b58d-cdec-4e95-b3ee-2d4d95feff51',
      name: 'prod-egress',
      region: 'nyc3',
      status: 'active',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(vpcNatGateway.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });
});
