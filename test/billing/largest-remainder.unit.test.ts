import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evenSplit, largestRemainder, percentOf } from '../../src/billing/largest-remainder.js';

const cents = fc.integer({ min: -10_000_000_00, max: 10_000_000_00 });
const weights = fc
  .array(fc.integer({ min: -5, max: 1_000_000 }), { minLength: 1, maxLength: 30 })
  .filter((ws) => ws.some((w) => w > 0));

/** Whether `part` lies within a cent of the exact share total·weight/sum, compared in integers. */
function withinOneCent(part: number, total: number, weight: number, sum: number): boolean {
  // |part − total·w/sum| < 1  ⇔  |part·sum − total·w| < sum
  const diff = BigInt(part) * BigInt(sum) - BigInt(total) * BigInt(Math.max(0, weight));
  return (diff < 0n ? -diff : diff) < BigInt(sum);
}

describe('largestRemainder', () => {
  it('hands out exactly the total, to the cent', () => {
    fc.assert(
      fc.property(cents, weights, (total, ws) => {
        const parts = largestRemainder(total, ws)!;
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      }),
    );
  });

  it('gives each bucket its exact share rounded down or up, never further off than a cent', () => {
    fc.assert(
      fc.property(cents, weights, (total, ws) => {
        const sum = ws.reduce((a, w) => a + Math.max(0, w), 0);
        const parts = largestRemainder(total, ws)!;
        parts.forEach((p, i) => expect(withinOneCent(p, total, ws[i]!, sum)).toBe(true));
      }),
    );
  });

  it('gives nothing to a bucket of zero or negative weight', () => {
    fc.assert(
      fc.property(cents, weights, (total, ws) => {
        const parts = largestRemainder(total, ws)!;
        ws.forEach((w, i) => {
          if (w <= 0) expect(parts[i]).toBe(0);
        });
      }),
    );
  });

  it('splits a negative total (a credit) as the mirror of the positive one', () => {
    fc.assert(
      fc.property(cents, weights, (total, ws) => {
        const pos = largestRemainder(Math.abs(total), ws)!;
        const neg = largestRemainder(-Math.abs(total), ws)!;
        expect(neg).toEqual(pos.map((p) => (p === 0 ? 0 : -p)));
      }),
    );
  });

  it('stays exact where cents × weight passes 2^53 (the BigInt path)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { minLength: 2, maxLength: 6 }),
        (total, ws) => {
          const parts = largestRemainder(total, ws)!;
          const sum = ws.reduce((a, w) => a + BigInt(w), 0n);
          expect(parts.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(total));
          parts.forEach((p, i) => {
            const diff = BigInt(p) * sum - BigInt(total) * BigInt(ws[i]!);
            expect((diff < 0n ? -diff : diff) < sum).toBe(true);
          });
        },
      ),
    );
  });

  it('gives the odd cents to the largest remainders, ties to the larger weight, then the earlier bucket', () => {
    // 10 over 1:1:1 → 3.33 each; the one cent left goes to the first bucket.
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 1 cent over 1:3 (remainders 1/4 and 3/4): the larger remainder wins.
    expect(largestRemainder(1, [1, 3])).toEqual([0, 1]);
    // 3 over 2:2:1:1 (shares 1, 1, .5, .5): remainders tie at .5 among the last two; the earlier takes it.
    expect(largestRemainder(3, [2, 2, 1, 1])).toEqual([1, 1, 1, 0]);
    // 1 over 3:1:... equal remainders with different weights: 1 over [2, 4, 2] → .25, .5, .25: the middle.
    expect(largestRemainder(1, [2, 4, 2])).toEqual([0, 1, 0]);
  });

  it('returns null when no weight is positive, and refuses fractional cents or weights', () => {
    expect(largestRemainder(100, [])).toBeNull();
    expect(largestRemainder(100, [0, -3])).toBeNull();
    expect(() => largestRemainder(1.5, [1])).toThrow(RangeError);
    expect(() => largestRemainder(100, [1, 0.5])).toThrow(RangeError);
    expect(() => largestRemainder(100, [Number.NaN])).toThrow(RangeError);
  });
});

describe('evenSplit', () => {
  it('splits into n parts that differ by at most a cent, the larger ones first, adding up to the total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_00 }), fc.integer({ min: 1, max: 50 }), (total, n) => {
        const parts = evenSplit(total, n);
        expect(parts).toHaveLength(n);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        expect([...parts].sort((a, b) => b - a)).toEqual(parts);
      }),
    );
  });

  it('has nothing to split into no parts', () => {
    expect(evenSplit(100, 0)).toEqual([]);
  });
});

describe('percentOf', () => {
  it('rounds half away from zero', () => {
    expect(percentOf(15, 10)).toBe(2); // 1.5 → 2
    expect(percentOf(-15, 10)).toBe(-2);
    expect(percentOf(14, 10)).toBe(1);
    expect(percentOf(0, 12.5)).toBe(0);
  });

  it('is exact for percentages with four decimals, where floating point is not', () => {
    // Scaled to integers before multiplying, so a large base gets no floating-point drift.
    expect(percentOf(100_000_000_00, 7.1234)).toBe(712_340_000);
    expect(percentOf(1_000_000, 33.3333)).toBe(333_333);
  });

  it('agrees with the exact rational answer for whole percentages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }),
        fc.integer({ min: 0, max: 100 }),
        (base, pct) => {
          const exact = (Math.abs(base) * pct) / 100;
          const rounded = Math.sign(base) * Math.floor(exact + 0.5);
          expect(percentOf(base, pct)).toBe(rounded === 0 ? 0 : rounded);
        },
      ),
    );
  });
});
