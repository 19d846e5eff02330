import { DAY_MS } from './waste-rule.js';

/** Whether `since` lies `days` days or more before `now`: the age test of the threshold rules. */
export function olderThanDays(since: Date, days: number, now: Date): boolean {
  return now.getTime() - since.getTime() >= days * DAY_MS;
}
