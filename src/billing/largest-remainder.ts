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
  let sum = 0;
  for (const x of weights) {
    if (!Number.isSafeInteger(x)) throw new RangeError(`weights must be whole numbers, got ${x}`);
    if (x > 0) sum += x;
  }
  if (sum === 0) return null;
  const sign = total < 0 ? -1 : 1;
  const amount = Math.abs(total); // also turns -0 into 0: no part is ever -0
  // Plain numbers are exact while amount × sum stays below 2^53, which covers real invoices; BigInt beyond.
  const parts =
    Number.isSafeInteger(sum) && Number.isSafeInteger(amount * sum)
      ? splitExact(amount, weights, sum)
      : splitBig(amount, weights);
  return sign === 1 ? parts : parts.map((p) => (p === 0 ? 0 : -p));
}

function distribute(parts: number[], left: number, order: { i: number; rem: number | bigint; x: number }[]): number[] {
  if (left === 0) return parts;
  order.sort((a, b) => (a.rem === b.rem ? (a.x === b.x ? a.i - b.i : b.x - a.x) : a.rem > b.rem ? -1 : 1));
  for (let k = 0; k < left; k += 1) parts[order[k]!.i]! += 1;
  return parts;
}

function splitExact(amount: number, weights: readonly number[], sum: number): number[] {
  let given = 0;
  const order: { i: number; rem: number; x: number }[] = [];
  const parts = weights.map((w, i) => {
    const x = Math.max(0, w);
    const p = Math.floor((amount * x) / sum);
    given += p;
    order.push({ i, rem: (amount * x) % sum, x });
    return p;
  });
  return distribute(parts, amount - given, order);
}

function splitBig(amount: number, weights: readonly number[]): number[] {
  const a = BigInt(amount);
  const s = weights.reduce((acc, w) => acc + BigInt(Math.max(0, w)), 0n);
  let given = 0n;
  const order: { i: number; rem: bigint; x: number }[] = [];
  const parts = weights.map((w, i) => {
    const x = Math.max(0, w);
    const p = (a * BigInt(x)) / s;
    given += p;
    order.push({ i, rem: (a * BigInt(x)) % s, x });
    return Number(p);
  });
  return distribute(parts, Number(a - given), order);
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
