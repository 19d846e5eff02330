import { describe, expect, it } from 'vitest';
import { perGibCents, PRICE_LIST } from '../../src/pricing/price-list.js';

describe('perGibCents', () => {
  it('prices the GiB before rounding, and rounds once, half up', () => {
    // 2.34 GiB of snapshot at $0.06: 14.04 cents → 14; rounding the GiB first would give 12.
    expect(perGibCents(2.34, PRICE_LIST.snapshotMilliCentsPerGiB)).toBe(14);
    // 0.25 GiB at $0.06 is 1.5 cents: half rounds up.
    expect(perGibCents(0.25, PRICE_LIST.snapshotMilliCentsPerGiB)).toBe(2);
    expect(perGibCents(100, PRICE_LIST.volumeMilliCentsPerGiB)).toBe(1000);
    expect(perGibCents(0, PRICE_LIST.volumeMilliCentsPerGiB)).toBe(0);
  });

  it("reproduces the sample invoice's lines", () => {
    expect(perGibCents(10, PRICE_LIST.volumeMilliCentsPerGiB)).toBe(100); // data (10 GiB) $1.00
    expect(perGibCents(1, PRICE_LIST.snapshotMilliCentsPerGiB)).toBe(6);
  });
});
