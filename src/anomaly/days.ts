/** Calendar days as DO's Billing Insights writes them (`YYYY-MM-DD`, UTC): compared as strings, counted here. */

const MS_PER_DAY = 86_400_000;

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY));
}

/** Days from `from` to `to`, both included, oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** `Feb 27`: the day as people say it, in messages and on charts. */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** 0 for Sunday … 6 for Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function dayOfMonth(day: string): number {
  return Number(day.slice(8, 10));
}

/** `from`..`to` cut into windows of at most `days` days each (both ends included), oldest first. */
export function windows(from: string, to: string, days: number): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  for (let start = from; start <= to; start = addDays(start, days)) {
    const end = addDays(start, days - 1);
    out.push({ start, end: end < to ? end : to });
  }
  return out;
}
