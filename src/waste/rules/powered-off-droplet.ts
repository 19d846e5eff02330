import { attrsOf, DAY_MS, type WasteRule } from '../waste-rule.js';

/**
 * Droplets powered off for longer than ARCADIA_WASTE_POWERED_OFF_DAYS: DO bills a droplet until it is
 * destroyed, running or not. DO does not say when a droplet was switched off; a status change is a
 * change Arcadia writes, so `lastSeenAt` of an off droplet is no later than when it went off.
 * DOKS worker nodes are left out (their cluster owns them).
 */
export const poweredOffDroplet: WasteRule = {
  id: 'powered-off-droplet',
  title: 'Powered-off droplets',
  kinds: ['droplet'],
  detect(ctx) {
    const limit = ctx.thresholds.ARCADIA_WASTE_POWERED_OFF_DAYS * DAY_MS;
    return ctx.resources('droplet')
      .filter((d) => d.status === 'off' && !(d.tags ?? []).includes('k8s') && ctx.now.getTime() - d.lastSeenAt.getTime() >= limit)
      .map((d) => {
        const attrs = attrsOf(d);
        const price = ctx.prices.dropletCents(attrs.size_slug as string | null, attrs.price_monthly);
        return {
          resource: d,
          reason: `powered off, still billed as ${String(attrs.size_slug ?? 'its size')}`,
          monthlyCents: price?.cents ?? 0,
          since: d.lastSeenAt,
        };
      });
  },
};
