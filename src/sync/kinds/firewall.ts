import { consolePageById, type KindSpec } from '../kind-spec.js';
import { arr, idList, obj, requiredId, str, tags, type Raw } from '../normalize-helpers.js';

/** A rule's sources or destinations, with only the fields DO defines (ids as strings, like everywhere). */
function targets(value: unknown): Record<string, string[]> {
  const t = obj(value);
  return {
    addresses: tags(t.addresses, 1000),
    droplet_ids: idList(t.droplet_ids),
    load_balancer_uids: idList(t.load_balancer_uids),
    kubernetes_ids: idList(t.kubernetes_ids),
    tags: tags(t.tags),
  };
}

function rules(value: unknown, side: 'sources' | 'destinations'): Raw[] {
  // Both rule lists can be null. `ports` is a string: "22", "8000-9000", or "0" for all.
  return arr(value)
    .map(obj)
    .map((r) => ({ protocol: str(r.protocol), ports: str(r.ports), [side]: targets(r[side]) }));
}

/**
 * Cloud firewalls. Droplets are covered through `droplet_ids` and through `tags`; both are kept,
 * since which droplets a tag reaches changes with the droplets, not the firewall. Free of charge.
 */
export const firewall: KindSpec<'firewall'> = {
  kind: 'firewall',
  endpoints: [{ path: '/v2/firewalls', key: 'firewalls', scope: 'firewall:read' }],
  urnTypes: ['firewall'],
  projects: 'explicit',
  monthlyCost: () => 0,
  aliases: [],
  invoice: { patterns: [] },
  usuallyFree: () => 'firewalls are free',
  show: { fields: [] },
  console: { list: '/networking/firewalls', page: consolePageById('/networking/firewalls', '/rules') },
  standin: { fixture: 'firewalls.json' },
  normalize(raw) {
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(raw.name) ?? '',
      status: str(raw.status),
      tags: tags(raw.tags),
      attrs: {
        inbound_rules: rules(raw.inbound_rules, 'sources'),
        outbound_rules: rules(raw.outbound_rules, 'destinations'),
        droplet_ids: idList(raw.droplet_ids),
        tags: tags(raw.tags),
        created_at: str(raw.created_at),
      },
    };
  },
};
