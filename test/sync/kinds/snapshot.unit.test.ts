import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('snapshot kind', () => {
  const normalized = kindParts(snapshot);

  it('reads the first snapshot of its sample', () => {
    expect(normalized()).toHaveLength(4);
    expect(normalized()[0]).toMatchObject({
      providerId: '67512819',
      name: 'example.com-1595954862243',
      region: 'nyc3',
      status: 'available',
    });
  });

  it('costs 14 cents a month at list prices', () => {
    const first = normalized()[0]!;
    expect(snapshot.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(14);
  });

  it('names the droplet it was taken from as its parent', () => {
    expect(snapshot.parent?.(normalized()[0]!.attrs ?? {})).toEqual({ kind: 'droplet', providerId: '3164444' });
  });
});
