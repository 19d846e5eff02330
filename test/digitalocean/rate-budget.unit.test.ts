import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../src/digitalocean/rate-budget.js';

const headers = (h: Record<string, string>) => new Headers(h);

describe('RateBudget', () => {
  it('does not slow down while plenty of budget is left', () => {
    const b = new RateBudget(50);
    b.observe(headers({ 'ratelimit-remaining': '4000', 'ratelimit-reset': '2000000000' }), 1_999_999_000_000);
    expect(b.paceMs(1_999_999_000_000)).toBe(0);
  });

  it('spreads the remaining requests over the time until the oldest one expires', () => {
    const b = new RateBudget(50);
    const now = 1_000_000_000_000;
    b.observe(headers({ 'ratelimit-remaining': '10', 'ratelimit-reset': String(now / 1000 + 20) }), now);
    expect(b.paceMs(now)).toBe(2_000);
  });

  it('waits for the reset when the budget is gone, capped', () => {
    const b = new RateBudget(50, 5_000);
    const now = 1_000_000_000_000;
    b.observe(headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': String(now / 1000 + 3600) }), now);
    expect(b.paceMs(now)).toBe(5_000);
  });

  it('reads retry-after first, then ratelimit-reset, for a 429', () => {
    const now = 1_000_000_000_000;
    expect(
      RateBudget.retryAfterMs(headers({ 'retry-after': '29', 'ratelimit-reset': String(now / 1000 + 600) }), now),
    ).toBe(29_000);
    expect(RateBudget.retryAfterMs(headers({ 'ratelimit-reset': String(now / 1000 + 7) }), now)).toBe(7_000);
    expect(RateBudget.retryAfterMs(headers({}), now)).toBeUndefined();
  });
});
