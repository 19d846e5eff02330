/**
 * Splits `total` integer cents over buckets in proportion to `weights`, by largest remainder: each
 * bucket gets the floor of its exact share, and the cents left go one each to the buckets with the
 * largest fractional parts (ties to the larger weight, then the earlier bucket). The parts always
 * add up to `total`. BigInt arithmetic, because cents × weight can pass 2^53.
 *
 * Negative weights count as zero. With no positive weight nothing can be split: null.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] | null {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be a whole number of cents, got ${total}`);
  const w = weights.map((x) => {
    if (!Number.isSafeInteger(x)) throw new RangeError(`weights must be whole numbers, got ${x}`);
    return BigInt(Math.max(0, x));
  });
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return null;
  const sign = total < 0 ? -1n : 1n;
  const amount = BigInt(total) * sign;
  const parts = w.map((x) => (amount * x) / sum);
  let left = amount - parts.reduce((a, b) => a + b, 0n);
  if (left > 0n) {
    const order = w
      .map((x, i) => ({ i, rem: (amount * x) % sum, x }))
      .sort((a, b) => (a.rem === b.rem ? (a.x === b.x ? a.i - b.i : a.x > b.x ? -1 : 1) : a.rem > b.rem ? -1 : 1));
    for (const { i } of order) {
      if (left === 0n) break;
      parts[i]! += 1n;
      left -= 1n;
    }
  }
  return parts.map((p) => Number(p * sign));
}

/** Splits `total` into `n` equal parts, the odd cents to the first buckets. */
export function evenSplit(total: number, n: number): number[] {
  return largestRemainder(total, new Array<number>(n).fill(1)) ?? [];
}

/** round(pct × base / 100), half away from zero, exact for percentages with up to 4 decimals. */
export function percentOf(base: number, pct: number): number {
  const scaled = BigInt(Math.round(pct * 10_000));
  const product = BigInt(base) * scaled;
  const divisor = 1_000_000n;
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  return Number(((abs + divisor / 2n) / divisor) * sign);
}
