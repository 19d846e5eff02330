import { monthlyCostCents } from '../../pricing/resource-cost.js';
import { wasteRule } from '../waste-rule.js';

/** Reserved IPv4s pointing at no droplet: free while assigned, billed while not. */
export const unassignedReservedIp = wasteRule({
  id: 'unassigned-reserved-ip',
  title: 'Unassigned reserved IPs',
  kinds: ['floating_ip'],
  detect(ctx) {
    return ctx
      .resources('floating_ip')
      .filter((ip) => ip.status === 'unassigned')
      .map((ip) => ({
        resource: ip,
        reason: 'reserved IP assigned to no droplet',
        monthlyCents: monthlyCostCents(ip, ctx.prices) ?? 0,
        since: ip.lastSeenAt,
      }));
  },
});
