import { monthlyCostCents } from '../../pricing/resource-cost.js';
import { olderThanDays } from '../older-than-days.js';
import { int } from '../../setting-schemas.js';
import { attrsOf, dateAttr, wasteRule } from '../waste-rule.js';

/** Droplet and volume snapshots older than ARCADIA_WASTE_SNAPSHOT_DAYS, priced per GiB; orphans say so. */
export const oldSnapshot = wasteRule({
  id: 'old-snapshot',
  title: 'Old snapshots',
  kinds: ['snapshot', 'droplet', 'volume'],
  settings: {
    ARCADIA_WASTE_SNAPSHOT_DAYS: {
      schema: int(0, 3650).default(90),
      means: 'a droplet or volume snapshot this many days old is reported',
    },
  },
  // Of droplets and volumes, only which ones exist.
  reads: { droplet: { fields: [] }, volume: { fields: [] } },
  detect(ctx) {
    const sources = new Set([...ctx.resources('droplet'), ...ctx.resources('volume')].map((r) => r.providerId));
    return ctx.resources('snapshot').flatMap((s) => {
      const created = dateAttr(s, 'created_at');
      if (!created || !olderThanDays(created, ctx.settings.ARCADIA_WASTE_SNAPSHOT_DAYS, ctx.now)) return [];
      const attrs = attrsOf(s);
      const gib = Number(attrs.size_gigabytes ?? 0);
      const orphan = typeof attrs.resource_id === 'string' && !sources.has(attrs.resource_id);
      return [
        {
          resource: s,
          reason: `${gib} GiB ${attrs.resource_type === 'volume' ? 'volume' : 'droplet'} snapshot${orphan ? ` whose ${String(attrs.resource_type)} is gone` : ''}`,
          monthlyCents: monthlyCostCents(s, ctx.prices) ?? 0,
          since: created,
        },
      ];
    });
  },
});
