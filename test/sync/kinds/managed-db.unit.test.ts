import { describe, expect, it } from 'vitest';
import { managedDb } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('managed_db kind', () => {
  const normalized = kindParts(managedDb);

  it('reads the first managed db of its sample', () => {
    expect(normalized()).toHaveLength(1);
    expect(normalized()[0]).toMatchObject({
      providerId: '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30',
      name: 'backend',
      region: 'nyc3',
      status: 'online',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(managedDb.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });
});
