import { PRICE_LIST } from './price-list.js';

/** What weekly backups add to a droplet a month: a share of the droplet's own price, in whole cents. */
export function backupFeeCents(dropletCents: number): number {
  return Math.round((dropletCents * PRICE_LIST.backupWeeklyPercent) / 100);
}
