import { monthlyCostCents } from '../../pricing/resource-cost.js';
import { olderThanDays } from '../older-than-days.js';
import { attrsOf, dateAttr, type WasteRule } from '../waste-rule.js';

/**
 * Droplet backups older than ARCADIA_WASTE_BACKUP_DAYS. DO rotates weekly backups after four weeks,
 * so an older one is kept by hand. Priced as a snapshot of its size (src/pricing/resource-cost.ts):
 * the backup fee itself is the droplet's (see backups-on-powered-off-droplet).
 */
export const oldBackup: WasteRule = {
  id: 'old-backup',
  title: 'Old backups',
  kinds: ['droplet_backup'],
  detect(ctx) {
    return ctx.resources('droplet_backup').flatMap((b) => {
      const created = dateAttr(b, 'created_at');
      if (!created || !olderThanDays(created, ctx.thresholds.ARCADIA_WASTE_BACKUP_DAYS, ctx.now)) return [];
      const gib = Number(attrsOf(b).size_gigabytes ?? 0);
      return [{ resource: b, reason: `${gib} GiB backup of droplet ${String(attrsOf(b).droplet_id)}, kept past DO's four-week rotation`, monthlyCents: monthlyCostCents(b, ctx.prices) ?? 0, since: created }];
    });
  },
};
