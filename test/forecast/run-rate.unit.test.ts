import { describe, expect, it } from 'vitest';
import { atMonthPace, billingOf, restOfMonthCents } from '../../src/forecast/run-rate.js';

const until = new Date('2026-04-01T00:00:00Z');
const at = (iso: string) => new Date(iso);

describe('restOfMonthCents', () => {
  it('bills a droplet per second at its monthly price over 672 hours', () => {
    // 17 days = 1,468,800 s; 2,400 × 1,468,800 / 2,419,200 = 1,457.1.
    expect(
      restOfMonthCents({
        monthlyCents: 2400,
        billing: 'second',
        from: at('2026-03-15T00:00:00Z'),
        until,
        billedCents: 100,
      }),
    ).toBe(1457);
  });

  it('never takes a resource past its monthly price', () => {
    expect(
      restOfMonthCents({
        monthlyCents: 2400,
        billing: 'second',
        from: at('2026-03-02T00:00:00Z'),
        until,
        billedCents: 2000,
      }),
    ).toBe(400);
    expect(
      restOfMonthCents({
        monthlyCents: 2400,
        billing: 'second',
        from: at('2026-03-02T00:00:00Z'),
        until,
        billedCents: 2400,
      }),
    ).toBe(0);
  });

  it('charges a droplet not yet billed at least 60 seconds and one cent', () => {
    const tenSecondsLeft = at('2026-03-31T23:59:50Z');
    expect(
      restOfMonthCents({ monthlyCents: 600, billing: 'second', from: tenSecondsLeft, until, billedCents: 0 }),
    ).toBe(1);
    // 60 s of a $100,000 droplet: 10,000,000 × 60 / 2,419,200 = 248.0 cents, though only 10 s are left.
    expect(
      restOfMonthCents({ monthlyCents: 10_000_000, billing: 'second', from: tenSecondsLeft, until, billedCents: 0 }),
    ).toBe(248);
    // Already billed this month: no minimum, ten seconds are ten seconds.
    expect(
      restOfMonthCents({ monthlyCents: 600, billing: 'second', from: tenSecondsLeft, until, billedCents: 5 }),
    ).toBe(0);
  });

  it('bills other resources by the started hour', () => {
    // 90 minutes → 2 hours; 1,000 × 2 / 672 = 2.98.
    expect(
      restOfMonthCents({
        monthlyCents: 1000,
        billing: 'hour',
        from: at('2026-03-31T22:30:00Z'),
        until,
        billedCents: 0,
      }),
    ).toBe(3);
  });

  it('adds nothing for a free resource or after the month', () => {
    expect(
      restOfMonthCents({ monthlyCents: 0, billing: 'second', from: at('2026-03-02T00:00:00Z'), until, billedCents: 0 }),
    ).toBe(0);
    expect(restOfMonthCents({ monthlyCents: 600, billing: 'second', from: until, until, billedCents: 0 })).toBe(0);
  });
});

describe('billingOf', () => {
  it('bills droplets per second from 2026, by the hour before, and everything else by the hour', () => {
    expect(billingOf('droplet', at('2026-01-01T00:00:00Z'))).toBe('second');
    expect(billingOf('droplet', at('2025-12-31T23:59:59Z'))).toBe('hour');
    expect(billingOf('volume', at('2026-03-01T00:00:00Z'))).toBe('hour');
  });
});

describe('atMonthPace', () => {
  const start = at('2026-03-01T00:00:00Z');
  it('goes on at the pace of the month so far', () => {
    // 90 cents in 9 days, 22 days left.
    expect(atMonthPace(90, start, at('2026-03-10T00:00:00Z'), until)).toBe(220);
  });

  it('counts at least a day elapsed, so a figure minutes into the month is not multiplied a thousandfold', () => {
    // 10 cents in 30 minutes, counted as one day; 30.98 days left.
    expect(atMonthPace(10, start, at('2026-03-01T00:30:00Z'), until)).toBe(310);
  });

  it('is nothing once the month is over', () => {
    expect(atMonthPace(90, start, until, until)).toBe(0);
  });
});
