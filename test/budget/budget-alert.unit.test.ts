import { describe, expect, it } from 'vitest';
import {
  crossingOf,
  decideBudgetAlert,
  type BudgetFigures,
  type ForecastFigures,
} from '../../src/budget/budget-alert.js';
import { parseThresholds } from '../../src/budget/budget-terms.js';

// The fake clock: every forecast is "as of" a day in June 2026, the month's spend at $10 a day.
const june = (day: number) => new Date(Date.UTC(2026, 5, day, 9));
const forecast = (day: number, over: Partial<ForecastFigures> = {}): ForecastFigures => {
  const dailyRateCents = over.dailyRateCents ?? 2_000;
  const monthToDateCents = over.monthToDateCents ?? dailyRateCents * (day - 1);
  return {
    period: '2026-06',
    asOf: june(day),
    monthToDateCents,
    dailyRateCents,
    totalCents: monthToDateCents + dailyRateCents * (30 - day + 1),
    ...over,
  };
};
const budget = (amountCents: number, alerts: BudgetFigures['alerts'] = []): BudgetFigures => ({
  amountCents,
  thresholdsPct: [80, 100],
  alerts,
});

describe('the crossing date', () => {
  it('is the day the month-to-date reaches the amount at today’s rate', () => {
    // $200 spent by the morning of the 11th at $20 a day: $460 is reached 13 days later, on the 24th.
    const c = crossingOf(forecast(11), 46_000);
    expect(c).toEqual({ at: new Date(Date.UTC(2026, 5, 24)) });
  });
  it('is "passed" once the month-to-date is over it, and "not this month" past the month end or with no rate', () => {
    expect(crossingOf(forecast(11), 10_000)).toEqual({ passed: true });
    expect(crossingOf(forecast(11), 1_000_000)).toEqual({ notThisMonth: true });
    expect(crossingOf(forecast(11, { dailyRateCents: 0, monthToDateCents: 100 }), 500)).toEqual({ notThisMonth: true });
  });
});

describe('the alert decision', () => {
  it('sends nothing while the forecast is under every threshold', () => {
    // $600 forecast against $1,000: under 80 %.
    expect(decideBudgetAlert(budget(100_000), forecast(11), 3)).toBeNull();
  });

  it('alerts the highest threshold the forecast crosses, before the spend gets there', () => {
    // $600 forecast against a $500 budget: 100 % is crossed, the spend ($200) is not there yet.
    const d = decideBudgetAlert(budget(50_000), forecast(11), 3);
    expect(d).toMatchObject({ thresholdPct: 100, thresholdCents: 50_000, reason: 'first' });
    expect(d!.crossing).toEqual({ at: new Date(Date.UTC(2026, 5, 26)) });
  });

  it('alerts a threshold once a month, a higher one when crossed, and again next month', () => {
    const alerted80 = [{ period: '2026-06', thresholdPct: 80, crossingAt: new Date(Date.UTC(2026, 5, 29)) }];
    // $600 against $700: 80 % (560) crossed, 100 % not.
    expect(decideBudgetAlert(budget(70_000), forecast(11), 3)).toMatchObject({ thresholdPct: 80, reason: 'first' });
    // Alerted already, and the day is the same: nothing.
    expect(decideBudgetAlert(budget(70_000, alerted80), forecast(12), 3)).toBeNull();
    // The rate goes up: now 100 % is crossed, a higher threshold.
    expect(
      decideBudgetAlert(
        budget(70_000, alerted80),
        forecast(12, { dailyRateCents: 3_000, monthToDateCents: 22_000 }),
        3,
      ),
    ).toMatchObject({ thresholdPct: 100, reason: 'higher_threshold' });
    // July has no alerts yet.
    expect(
      decideBudgetAlert(
        budget(70_000, alerted80),
        { ...forecast(11), period: '2026-07', asOf: new Date(Date.UTC(2026, 6, 11)) },
        3,
      ),
    ).toMatchObject({
      reason: 'first',
    });
  });

  it('re-alerts the same threshold only when the day it is passed moves by more than the setting', () => {
    // $500 budget at $20 a day from $200 on the 11th: passed on the 26th.
    const sent = [{ period: '2026-06', thresholdPct: 100, crossingAt: new Date(Date.UTC(2026, 5, 26)) }];
    // Three days earlier (the 23rd): not material.
    const threeEarlier = forecast(11, { dailyRateCents: 2_000, monthToDateCents: 26_000, totalCents: 66_000 });
    expect(crossingOf(threeEarlier, 50_000)).toEqual({ at: new Date(Date.UTC(2026, 5, 23)) });
    expect(decideBudgetAlert(budget(50_000, sent), threeEarlier, 3)).toBeNull();
    // Four days earlier (the 22nd): re-alerted.
    const fourEarlier = forecast(11, { dailyRateCents: 2_000, monthToDateCents: 28_000, totalCents: 68_000 });
    expect(decideBudgetAlert(budget(50_000, sent), fourEarlier, 3)).toMatchObject({
      thresholdPct: 100,
      reason: 'date_moved',
    });
    // With the setting at 5, four days is not material either.
    expect(decideBudgetAlert(budget(50_000, sent), fourEarlier, 5)).toBeNull();
  });

  it('does not re-alert a threshold that was already passed when alerted, nor one the forecast fell back under', () => {
    const passed = [{ period: '2026-06', thresholdPct: 100, crossingAt: null }];
    expect(decideBudgetAlert(budget(10_000, passed), forecast(20), 3)).toBeNull();
    const sent100 = [{ period: '2026-06', thresholdPct: 100, crossingAt: new Date(Date.UTC(2026, 5, 26)) }];
    // The forecast drops to 90 %: 80 % is below what was sent; nothing.
    expect(decideBudgetAlert(budget(50_000, sent100), forecast(11, { totalCents: 45_000 }), 3)).toBeNull();
  });
});

describe('thresholds', () => {
  it('reads whole percentages, once each, ascending', () => {
    expect(parseThresholds('100, 80%,80')).toEqual([80, 100]);
    expect(parseThresholds('80,abc')).toBeNull();
    expect(parseThresholds('0')).toBeNull();
    expect(parseThresholds('')).toBeNull();
  });
});
