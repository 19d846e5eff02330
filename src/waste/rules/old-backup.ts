import { monthlyCostCents } from '../../pricing/resource-cost.js';
import { olderThanDays } from '../older-than-days.js';
import { int } from '../../setting-schemas.js';
import { attrsOf, dateAttr, wasteRule } from '../waste-rule.js';

/**
 * Droplet backups older than ARCADIA_WASTE_BACKUP_DAYS. DO rotates weekly backups after four weeks,
 * so an older one is kept by hand. Priced as a snapshot of its size (src/pricing/resource-cost.ts):
 * the backup fee itself is the droplet's (see backups-on-powered-off-droplet).
 */
export const oldBackup = wasteRule({
  id: 'old-backup',
  title: 'Old backups',
  kinds: ['droplet_backup'],
  settings: {
    ARCADIA_WASTE_BACKUP_DAYS: {
      schema: int(0, 3650).default(35),
      means: 'a droplet backup this many days old is reported (DO rotates weekly backups after four weeks)',
    },
  },
  detect(ctx) {
    return ctx.resources('droplet_backup').flatMap((b) => {
      const created = dateAttr(b, 'created_at');
      if (!created || !olderThanDays(created, ctx.settings.ARCADIA_WASTE_BACKUP_DAYS, ctx.now)) return [];
      const gib = Number(attrsOf(b).size_gigabytes ?? 0);
      return [
        {
          resource: b,
          reason: `${gib} GiB backup of droplet ${String(attrsOf(b).droplet_id)}, kept past DO's four-week rotation`,
          monthlyCents: monthlyCostCents(b, ctx.prices) ?? 0,
          since: created,
        },
      ];
    });
  },
});
