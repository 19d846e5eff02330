/**
 * What a resource running now adds to this month's bill before the month ends, in integer cents.
 *
 * DigitalOcean bills by time up to a monthly cap of 672 hours (28 days): a resource that runs the
 * whole month costs its monthly price, never more. Droplets are billed per second since 2026-01-01,
 * with a minimum of 60 seconds or $0.01, whichever is higher; other resources by the hour, a started
 * hour counted whole. Sources in docs/digitalocean-api.md ("Billing by time").
 */
export const CAP_HOURS = 672;
const CAP_SECONDS = CAP_HOURS * 3600;
/** Droplets, per second since this instant; by the hour before it. */
export const PER_SECOND_SINCE = new Date('2026-01-01T00:00:00Z');
const MINIMUM_SECONDS = 60;
const MINIMUM_CENTS = 1;

export type Billing = 'second' | 'hour';

/** How DO bills a kind's time at an instant: droplets per second from 2026, everything else by the hour. */
export function billingOf(kind: string, at: Date): Billing {
  return kind === 'droplet' && at >= PER_SECOND_SINCE ? 'second' : 'hour';
}

export interface RunRateInput {
  /** The resource's monthly price (the cap), integer cents. */
  monthlyCents: number;
  billing: Billing;
  /** From when its time is not yet on DO's month-to-date figure (the later of that figure's instant and its creation). */
  from: Date;
  /** The month's end (exclusive). */
  until: Date;
  /** What DO has already billed it this month: counts against the cap, and a resource already billed owes no minimum. */
  billedCents: number;
}

/**
 * The cents still to come: its time from `from` to `until` at the monthly price over 672 hours
 * (per second, or in started hours), rounded half up once, then held to what is left under the cap.
 * A droplet not yet billed this month owes at least 60 seconds and at least one cent.
 */
export function restOfMonthCents(input: RunRateInput): number {
  const { monthlyCents, billing, from, until, billedCents } = input;
  if (monthlyCents <= 0 || until <= from) return 0;
  const seconds = Math.floor((until.getTime() - from.getTime()) / 1000);
  const headroom = Math.max(0, monthlyCents - Math.max(0, billedCents));
  const firstCharge = billedCents <= 0;
  let cents: number;
  if (billing === 'second') {
    const billed = firstCharge ? Math.max(MINIMUM_SECONDS, seconds) : seconds;
    // monthlyCents × seconds stays far below 2^53 (a $100,000 droplet over a whole month: ~3e13).
    cents = Math.round((monthlyCents * billed) / CAP_SECONDS);
    if (firstCharge) cents = Math.max(MINIMUM_CENTS, cents);
  } else {
    cents = Math.round((monthlyCents * Math.ceil(seconds / 3600)) / CAP_HOURS);
  }
  return Math.min(cents, headroom);
}

const DAY_MS = 86_400_000;

/**
 * A line with no run-rate of its own (bandwidth, an unpriced product, tax), taken on at the pace of
 * the month so far: its cents over the time from the month's start to the figure's instant (at
 * least a day, so a figure rebuilt minutes into the month is not multiplied a thousandfold), for
 * the time left. Integer cents, rounded half up once.
 */
export function atMonthPace(cents: number, start: Date, asOf: Date, until: Date): number {
  const elapsed = Math.max(asOf.getTime() - start.getTime(), DAY_MS);
  const left = until.getTime() - asOf.getTime();
  if (left <= 0 || cents === 0) return 0;
  return Math.round((cents * left) / elapsed) || 0; // never -0
}
