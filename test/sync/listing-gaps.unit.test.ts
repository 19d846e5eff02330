import { describe, expect, it } from 'vitest';
import { listingGaps } from '../../src/sync/listing-gaps.js';

describe('listingGaps', () => {
  it('finds none in a listing that read every object DO reported', () => {
    expect(listingGaps('droplet', { listed: 450, skipped: 0 }, 450)).toBeNull();
    // More than reported: objects were added while paging, none was missed.
    expect(listingGaps('droplet', { listed: 451, skipped: 0 }, 450)).toBeNull();
    // DO sends no meta.total for some lists (databases).
    expect(listingGaps('database', { listed: 3, skipped: 0 }, null)).toBeNull();
  });

  it('names unreadable objects and a listing shorter than meta.total', () => {
    expect(listingGaps('droplet', { listed: 449, skipped: 1 }, 450)).toBe(
      '1 droplet(s) DO listed could not be read (see the log)',
    );
    expect(listingGaps('droplet', { listed: 449, skipped: 0 }, 450)).toBe(
      'DO reported 450 droplet(s) but 449 were listed (objects changed while paging)',
    );
    expect(listingGaps('volume', { listed: 7, skipped: 2 }, 10)).toBe(
      '2 volume(s) DO listed could not be read (see the log); DO reported 10 volume(s) but 9 were listed (objects changed while paging)',
    );
  });
});
