import { describe, expect, it } from 'vitest';
import { certificate } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('certificate kind', () => {
  const normalized = kindParts(certificate);

  it('reads the first certificate of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '892071a0-bb95-49bc-8021-3afd67a210bf',
      name: 'static-example-le',
      status: 'verified',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(certificate.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });
});
