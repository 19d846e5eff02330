/** Invoice periods are calendar months in UTC, written `YYYY-MM` as DO does. */
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
  return PERIOD.test(value);
}

/** The first instant of the period and the first instant of the next one. */
export function periodBounds(period: string): { start: Date; end: Date } {
  const m = PERIOD.exec(period);
  if (!m) throw new RangeError(`"${period}" is not a period (YYYY-MM)`);
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
}

export function periodOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The month before the one `now` falls in: the latest closed invoice. */
export function previousPeriod(now: Date = new Date()): string {
  return periodOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
}
