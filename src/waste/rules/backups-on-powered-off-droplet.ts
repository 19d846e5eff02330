import { dropletPrice } from '../../pricing/droplet-price.js';
import { backupFeeCents, PRICE_LIST } from '../../pricing/price-list.js';
import { attrsOf, wasteRule } from '../waste-rule.js';

/** Droplets with backups enabled while powered off: the backup fee (a share of the droplet's price) buys copies of a disk that does not change. */
export const backupsOnPoweredOffDroplet = wasteRule({
  id: 'backups-on-powered-off-droplet',
  title: 'Backups on powered-off droplets',
  kinds: ['droplet'],
  reads: { droplet: { keep: (d) => d.status === 'off' && attrsOf(d).backups_enabled === true } },
  detect(ctx) {
    return ctx
      .resources('droplet')
      .filter((d) => d.status === 'off' && attrsOf(d).backups_enabled === true)
      .map((d) => {
        const a = attrsOf(d);
        const droplet = dropletPrice(ctx.prices, a);
        return {
          resource: d,
          reason: `backups enabled (${PRICE_LIST.backupWeeklyPercent}% of the droplet's price) on a powered-off droplet`,
          monthlyCents: backupFeeCents(droplet?.cents ?? 0),
          since: d.lastSeenAt,
        };
      });
  },
});
