import { type KindSpec } from '../kind-spec.js';
import { bool, regionSlug } from '../normalize-helpers.js';
import { reservedIpFields } from '../reserved-ip-fields.js';
import { PRICE_LIST } from '../../pricing/price-list.js';

/**
 * Reserved IPs, which DO called floating IPs until 2022. The same IPs are served by the current
 * `/v2/reserved_ips` and by the legacy alias `/v2/floating_ips`; Arcadia reads only the current
 * endpoint (the legacy one was announced for retirement), so no IP is ever counted twice. Both names
 * live on elsewhere: project URNs say `floatingip` (or `reservedip`), and invoices "Floating IP" or
 * "Reserved IP" — see src/sync/project-urn.ts.
 */
export const floatingIp: KindSpec<'floating_ip'> = {
  kind: 'floating_ip',
  endpoints: [{ path: '/v2/reserved_ips', key: 'reserved_ips', scope: 'reserved_ip:read' }],
  // The Projects API keeps the old `floatingip` name; godo also writes `reservedip` for the same IPs.
  urnTypes: ['floatingip', 'reservedip'],
  projects: 'default',
  // Free while assigned to a droplet.
  monthlyCost: (r) => (r.status === 'unassigned' ? PRICE_LIST.reservedIpUnassignedCents : 0),
  aliases: ['reserved_ip', 'reservedip', 'floatingip', 'ip'],
  invoice: {
    patterns: [
      { priority: 70, product: /\b(floating|reserved) ips?(v6)?\b/i },
      { priority: 80, product: /.*/, description: /^unused\s+(floating|reserved)\s+ip(v6)?\s+-\s+/i },
    ],
    byIp: true,
  },
  usuallyFree: (r) =>
    r.status === 'assigned' || (r.attrs.droplet_id !== null && r.attrs.droplet_id !== undefined)
      ? 'a reserved IP is billed only while unassigned'
      : null,
  // DO's reserved IPs take no tags, so none carries a tenant tag: one assigned to a droplet has the
  // droplet's tenant (src/billing/attribute-resources.ts), as a backup has its droplet's.
  parent: (attrs) =>
    typeof attrs.droplet_id === 'string' && attrs.droplet_id !== ''
      ? { kind: 'droplet', providerId: attrs.droplet_id }
      : null,
  show: { fields: [] },
  // Reserved IPs are rows of one page, with no page each.
  console: { list: '/networking/reserved_ips' },
  standin: { fixture: 'reserved_ips.json' },
  normalize(raw) {
    const ip = reservedIpFields(raw);
    return { ...ip.identity, region: regionSlug(raw.region), attrs: { ...ip.attrs, locked: bool(raw.locked) } };
  },
};
