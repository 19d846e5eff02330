/**
 * What DigitalOcean's rate-limit headers last told us, shared by every client using one token.
 * DO counts each request for an hour (`ratelimit-reset` is when the oldest one expires), so when
 * little budget is left we spread the remaining requests over the time until the next expiry
 * instead of running into a 429.
 */
export class RateBudget {
  remaining: number | undefined;
  resetAtMs: number | undefined;

  constructor(
    /** Start pacing when this few requests are left in the hourly window. */
    readonly lowWater = 50,
    /** Never pace or wait longer than this for one request. */
    readonly maxWaitMs = 120_000,
  ) {}

  observe(headers: Headers, now = Date.now()): void {
    const remaining = Number(headers.get('ratelimit-remaining'));
    const reset = Number(headers.get('ratelimit-reset'));
    if (headers.has('ratelimit-remaining') && Number.isFinite(remaining)) this.remaining = remaining;
    if (headers.has('ratelimit-reset') && Number.isFinite(reset)) this.resetAtMs = reset * 1000;
    if (this.resetAtMs !== undefined && this.resetAtMs < now) this.resetAtMs = undefined;
  }

  /** How long to wait before the next request so the budget lasts until it refills. */
  paceMs(now = Date.now()): number {
    if (this.remaining === undefined || this.remaining > this.lowWater || this.resetAtMs === undefined) return 0;
    const untilReset = Math.max(0, this.resetAtMs - now);
    return Math.min(this.maxWaitMs, Math.ceil(untilReset / Math.max(1, this.remaining)));
  }

  /** How long a 429 asks us to wait: `retry-after` (burst limit) if sent, else until the reset. */
  static retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
    const retryAfter = headers.get('retry-after');
    if (retryAfter !== null && retryAfter.trim() !== '') {
      const seconds = Number(retryAfter);
      if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
      const date = Date.parse(retryAfter);
      if (Number.isFinite(date)) return Math.max(0, date - now);
    }
    const reset = Number(headers.get('ratelimit-reset'));
    if (headers.has('ratelimit-reset') && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
    return undefined;
  }
}
