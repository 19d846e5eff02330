import { describe, expect, it } from 'vitest';
import { isPeriod, periodBounds, periodOf, previousPeriod } from '../../src/invoice/period.js';

describe('invoice periods', () => {
  it('are calendar months written YYYY-MM', () => {
    for (const p of ['2025-01', '2025-12', '1999-06']) expect(isPeriod(p), p).toBe(true);
    for (const p of ['2025-00', '2025-13', '2025-1', '25-06', '2025-06-01', '2025/06', ''])
      expect(isPeriod(p), p).toBe(false);
  });

  it('run from the first instant of the month to the first of the next, in UTC, across the year end', () => {
    expect(periodBounds('2025-06')).toEqual({
      start: new Date('2025-06-01T00:00:00Z'),
      end: new Date('2025-07-01T00:00:00Z'),
    });
    expect(periodBounds('2025-12')).toEqual({
      start: new Date('2025-12-01T00:00:00Z'),
      end: new Date('2026-01-01T00:00:00Z'),
    });
    expect(periodBounds('2024-02').end).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect(() => periodBounds('June')).toThrow(RangeError);
  });

  it("name a date's month in UTC", () => {
    expect(periodOf(new Date('2025-06-30T23:59:59Z'))).toBe('2025-06');
    expect(periodOf(new Date('2025-07-01T00:00:00Z'))).toBe('2025-07');
  });

  it('give the month before as the latest closed invoice, January giving December of the year before', () => {
    expect(previousPeriod(new Date('2025-07-05T10:00:00Z'))).toBe('2025-06');
    expect(previousPeriod(new Date('2026-01-01T00:00:00Z'))).toBe('2025-12');
    expect(previousPeriod(new Date('2025-03-31T23:59:59Z'))).toBe('2025-02');
  });
});
