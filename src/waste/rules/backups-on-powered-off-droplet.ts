import { PRICE_LIST } from '../../pricing/price-list.js';
import { attrsOf, type WasteRule } from '../waste-rule.js';

/** Droplets with backups enabled while powered off: the backup fee (a share of the droplet's price) buys copies of a disk that does not change. */
export const backupsOnPoweredOffDroplet: WasteRule = {
  id: 'backups-on-powered-off-droplet',
  title: 'Backups on powered-off droplets',
  kinds: ['droplet'],
  detect(ctx) {
    return ctx.resources('droplet')
      .filter((d) => d.status === 'off' && attrsOf(d).backups_enabled === true)
      .map((d) => {
        const a = attrsOf(d);
        const droplet = ctx.prices.dropletCents(a.size_slug as string | null, a.price_monthly);
        return {
          resource: d,
          reason: `backups enabled (${PRICE_LIST.backupWeeklyPercent}% of the droplet's price) on a powered-off droplet`,
          monthlyCents: Math.round(((droplet?.cents ?? 0) * PRICE_LIST.backupWeeklyPercent) / 100),
          since: d.lastSeenAt,
        };
      });
  },
};
