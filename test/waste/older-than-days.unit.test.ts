import { describe, expect, it } from 'vitest';
import { olderThanDays } from '../../src/waste/older-than-days.js';

describe('olderThanDays', () => {
  const now = new Date('2025-07-05T12:00:00Z');
  it('counts a thing exactly at the threshold as old, a millisecond younger as not', () => {
    expect(olderThanDays(new Date('2025-06-28T12:00:00Z'), 7, now)).toBe(true);
    expect(olderThanDays(new Date('2025-06-28T12:00:00.001Z'), 7, now)).toBe(false);
  });
});
