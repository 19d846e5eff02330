import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../src/repo-path.js';
import { productSources } from '../helpers/product-sources.js';
import { formatCents, formatUsd, parseCents } from '../../src/invoice/money.js';

describe('money formatting', () => {
  it('writes cents in DO notation: no currency sign, no separators, the sign in front', () => {
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(7)).toBe('0.07');
    expect(formatCents(123456)).toBe('1234.56');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(-123456)).toBe('-1234.56');
  });

  it('writes cents for people: a dollar sign and thousands separators', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1200)).toBe('$12.00');
    expect(formatUsd(123456)).toBe('$1,234.56');
    expect(formatUsd(123456789)).toBe('$1,234,567.89');
    expect(formatUsd(-123456)).toBe('-$1,234.56');
  });

  it('reads back what it writes', () => {
    for (const cents of [0, 1, 99, 100, 123456, -5, -123456789]) {
      expect(parseCents(formatCents(cents))).toBe(cents);
      expect(parseCents(formatUsd(cents))).toBe(cents);
    }
  });
});

describe('money formatting has one home', () => {
  it('no product file turns cents into a decimal string itself', () => {
    const own = productSources().filter((f) => /\/\s*100\)?\.toFixed\(/.test(readFileSync(repoPath(f), 'utf8')));
    expect(own).toEqual([]);
  });
});
