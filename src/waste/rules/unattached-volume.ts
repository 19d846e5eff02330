import { monthlyCostCents } from '../../pricing/resource-cost.js';
import { attrsOf, wasteRule } from '../waste-rule.js';

/** Volumes attached to no droplet: DO bills block storage by size whether or not it is attached. */
export const unattachedVolume = wasteRule({
  id: 'unattached-volume',
  title: 'Unattached volumes',
  kinds: ['volume'],
  reads: { volume: { keep: (v) => v.status === 'unattached' } },
  detect(ctx) {
    return ctx
      .resources('volume')
      .filter((v) => v.status === 'unattached')
      .map((v) => {
        const gib = Number(attrsOf(v).size_gigabytes ?? 0);
        // Detaching is a change Arcadia writes, so lastSeenAt is no later than when it was detached.
        return {
          resource: v,
          reason: `${gib} GiB volume attached to no droplet`,
          monthlyCents: monthlyCostCents(v, ctx.prices) ?? 0,
          since: v.lastSeenAt,
        };
      });
  },
});
