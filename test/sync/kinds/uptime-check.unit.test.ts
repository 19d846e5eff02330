import { describe, expect, it } from 'vitest';
import { uptimeCheck } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('uptime_check kind', () => {
  const normalized = kindParts(uptimeCheck);

  it('reads the first uptime check of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '7f3c2a10-4b5e-4c8d-9a61-2f0e8d1b7c34',
      name: 'example.com homepage',
      status: 'enabled',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(uptimeCheck.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });
});
