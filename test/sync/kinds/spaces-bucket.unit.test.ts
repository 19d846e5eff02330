import { describe, expect, it } from 'vitest';
import { spacesBucket } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('spaces_bucket kind', () => {
  // What the listing makes of one region's S3 ListBuckets (Spaces have no fixture: the stand-in builds them).
  const normalized = kindParts(spacesBucket, () => [
    { name: 'arcadia-assets', region: 'nyc3', creation_date: '2025-06-01T12:00:00.000Z' },
  ]);

  it('reads the first spaces bucket of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({
      providerId: 'arcadia-assets',
      name: 'arcadia-assets',
      region: 'nyc3',
      status: 'active',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(spacesBucket.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });
});
