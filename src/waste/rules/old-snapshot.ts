import { monthlyCostCents } from '../../pricing/resource-cost.js';
import { olderThanDays } from '../older-than-days.js';
import { attrsOf, dateAttr, type WasteRule } from '../waste-rule.js';

/** Droplet and volume snapshots older than ARCADIA_WASTE_SNAPSHOT_DAYS, priced per GiB; orphans say so. */
export const oldSnapshot: WasteRule = {
  id: 'old-snapshot',
  title: 'Old snapshots',
  kinds: ['snapshot', 'droplet', 'volume'],
  // Of droplets and volumes, only which ones exist.
  reads: { droplet: { fields: [] }, volume: { fields: [] } },
  detect(ctx) {
    const sources = new Set([...ctx.resources('droplet'), ...ctx.resources('volume')].map((r) => r.providerId));
    return ctx.resources('snapshot').flatMap((s) => {
      const created = dateAttr(s, 'created_at');
      if (!created || !olderThanDays(created, ctx.thresholds.ARCADIA_WASTE_SNAPSHOT_DAYS, ctx.now)) return [];
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
};
