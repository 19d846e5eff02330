import { PRICE_LIST, perGibCents } from '../../pricing/price-list.js';
import { attrsOf, type WasteRule } from '../waste-rule.js';

/** Volumes attached to no droplet: DO bills block storage by size whether or not it is attached. */
export const unattachedVolume: WasteRule = {
  id: 'unattached-volume',
  title: 'Unattached volumes',
  kinds: ['volume'],
  reads: { volume: { keep: (v) => v.status === 'unattached' } },
  detect(ctx) {
    return ctx.resources('volume')
      .filter((v) => v.status === 'unattached')
      .map((v) => {
        const gib = Number(attrsOf(v).size_gigabytes ?? 0);
        // Detaching is a change Arcadia writes, so lastSeenAt is no later than when it was detached.
        return { resource: v, reason: `${gib} GiB volume attached to no droplet`, monthlyCents: perGibCents(gib, PRICE_LIST.volumeMilliCentsPerGiB), since: v.lastSeenAt };
      });
  },
};
