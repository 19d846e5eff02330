import { dropletPrice } from '../../pricing/droplet-price.js';
import { olderThanDays } from '../older-than-days.js';
import { int } from '../../setting-schemas.js';
import { attrsOf, wasteRule } from '../waste-rule.js';

/**
 * Droplets powered off for longer than ARCADIA_WASTE_POWERED_OFF_DAYS: DO bills a droplet until it is
 * destroyed, running or not. DO does not say when a droplet was switched off; a status change is a
 * change Arcadia writes, so `lastSeenAt` of an off droplet is no later than when it went off.
 * DOKS worker nodes are left out (their cluster owns them).
 */
export const poweredOffDroplet = wasteRule({
  id: 'powered-off-droplet',
  title: 'Powered-off droplets',
  kinds: ['droplet'],
  settings: {
    ARCADIA_WASTE_POWERED_OFF_DAYS: {
      schema: int(0, 3650).default(7),
      means: 'a droplet powered off this many days is reported',
    },
  },
  reads: { droplet: { keep: (d) => d.status === 'off' } },
  detect(ctx) {
    return ctx
      .resources('droplet')
      .filter(
        (d) =>
          d.status === 'off' &&
          !(d.tags ?? []).includes('k8s') &&
          olderThanDays(d.lastSeenAt, ctx.settings.ARCADIA_WASTE_POWERED_OFF_DAYS, ctx.now),
      )
      .map((d) => {
        const attrs = attrsOf(d);
        const price = dropletPrice(ctx.prices, attrs);
        return {
          resource: d,
          reason: `powered off, still billed as ${String(attrs.size_slug ?? 'its size')}`,
          monthlyCents: price?.cents ?? 0,
          since: d.lastSeenAt,
        };
      });
  },
});
