import { describe, expect, it } from 'vitest';
import { customImage } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts, sampleItems } from './kind-unit.js';

describe('custom_image kind', () => {
  // The listing keeps only `type: custom` of the account's private images.
  const normalized = kindParts(customImage, () => sampleItems('images.json').filter((i) => i.type === 'custom'));

  it('reads the first custom image of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({
      providerId: '184512308',
      name: 'golden-ubuntu-2404',
      region: 'nyc3',
      status: 'available',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(customImage.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });
});
