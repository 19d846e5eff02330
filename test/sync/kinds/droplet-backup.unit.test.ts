import { describe, expect, it } from 'vitest';
import { dropletBackup } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts, sampleItems } from './kind-unit.js';

describe('droplet_backup kind', () => {
  // The listing attaches the droplet's id to each backup DO returns (its `/backups` carry none).
  const normalized = kindParts(dropletBackup, () =>
    sampleItems('droplet_backups.json').map((b) => ({ ...b, droplet_id: '3164444' })),
  );

  it('reads the first droplet backup of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '53893572',
      name: 'example.com- 2025-06-23',
      region: 'nyc3',
      status: 'available',
    });
  });

  it('costs 14 cents a month at list prices', () => {
    const first = normalized()[0]!;
    expect(dropletBackup.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      14,
    );
  });

  it('names the droplet it was taken from as its parent', () => {
    expect(dropletBackup.parent?.(normalized()[0]!.attrs ?? {})).toEqual({ kind: 'droplet', providerId: '3164444' });
  });
});
