import { describe, expect, it } from 'vitest';
import { projectMonth } from '../../src/invoice/month-projection.js';

describe('projecting the month from month to date', () => {
  it('scales month to date by the time elapsed, in whole cents', () => {
    // 4.5 of July's 31 days: $31.06 so far is on pace for $213.97.
    expect(projectMonth(3106, '2025-07', new Date('2025-07-05T12:00:00Z'))).toEqual({
      projectedCents: 21397,
      daysElapsed: 5,
      daysInMonth: 31,
    });
    // At the month's end the projection is what was spent.
    expect(projectMonth(17971, '2025-06', new Date('2025-07-01T00:00:00Z'))?.projectedCents).toBe(17971);
  });

  it('counts at least a day, so the first hours do not project a fortune', () => {
    expect(projectMonth(100, '2025-02', new Date('2025-02-01T00:10:00Z'))).toEqual({
      projectedCents: 2800,
      daysElapsed: 1,
      daysInMonth: 28,
    });
  });

  it('projects nothing for a figure outside its month or a period it cannot read', () => {
    expect(projectMonth(100, '2025-07', new Date('2025-08-03T00:00:00Z'))).toBeNull();
    expect(projectMonth(100, '', new Date('2025-07-03T00:00:00Z'))).toBeNull();
  });
});
