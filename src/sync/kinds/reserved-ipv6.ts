import { type KindSpec } from '../kind-spec.js';
import { str } from '../normalize-helpers.js';
import { reservedIpFields } from '../reserved-ip-fields.js';

/**
 * Reserved IPv6 addresses (`/v2/reserved_ipv6`, key `reserved_ipv6s`), keyed on the address like
 * reserved IPv4s. Their region is `region_slug`, a string; `droplet` is null or the whole droplet.
 * Project URNs are `do:reservedipv6:<address>`, whose id keeps its colons (src/sync/project-urn.ts).
 */
export const reservedIpv6: KindSpec<'reserved_ipv6'> = {
  kind: 'reserved_ipv6',
  endpoints: [{ path: '/v2/reserved_ipv6', key: 'reserved_ipv6s', scope: 'reserved_ip:read' }],
  urnTypes: ['reservedipv6'],
  projects: 'default',
  // Unpriced: reserved IPv6 pricing is not in the price list.
  monthlyCost: () => null,
  aliases: ['reservedipv6', 'ipv6'],
  invoice: {
    // Before the reserved IPv4 patterns (70, 80), which would read "IPv6" as theirs.
    patterns: [
      { priority: 65, product: /\breserved ipv6s?\b/i },
      { priority: 75, product: /.*/, description: /^unused\s+reserved\s+ipv6\s+-\s+/i },
    ],
    byIp: true,
  },
  usuallyFree: (r) => (r.status === 'assigned' ? 'a reserved IP is billed only while unassigned' : null),
  show: { fields: [['droplet_id', 'droplet']], searchable: [] },
  // Not confirmed in DO's documentation: reserved IPv6s are taken to sit on the reserved IP page beside IPv4s.
  console: { list: '/networking/reserved_ips' },
  standin: { fixture: 'reserved_ipv6.json' },
  normalize(raw) {
    const ip = reservedIpFields(raw);
    return {
      ...ip.identity,
      region: str(raw.region_slug),
      attrs: {
        ...ip.attrs,
        reserved_at: str(raw.reserved_at),
        // When it came to be, under the name invoice matching reads.
        created_at: str(raw.reserved_at),
      },
    };
  },
};
