import { listCollection, type KindSpec } from '../kind-spec.js';
import { arr, bool, idList, num, obj, regionSlug, requiredId, str } from '../normalize-helpers.js';
import { projectSteps } from '../project-membership.js';

function forwardingRules(value: unknown): Record<string, unknown>[] {
  return arr(value)
    .map(obj)
    .map((r) => ({
      entry_protocol: str(r.entry_protocol),
      entry_port: num(r.entry_port),
      target_protocol: str(r.target_protocol),
      target_port: num(r.target_port),
      certificate_id: str(r.certificate_id) || null,
      tls_passthrough: bool(r.tls_passthrough),
    }));
}

/** Load balancers. Global ones have no region; `tag` (one string, "" when unused) drives membership when set. */
export const loadBalancer: KindSpec<'load_balancer'> = {
  kind: 'load_balancer',
  scopes: ['load_balancer:read'],
  urnTypes: ['loadbalancer'],
  projects: 'default',
  invoice: { patterns: [{ priority: 60, product: /\bload balancers?\b/i }] },
  usuallyFree: () => null,
  show: { fields: [['ip', 'ip']], searchable: ['ip'] },
  standin: { path: '/v2/load_balancers', fixture: 'load_balancers.json' },
  list: listCollection({ path: '/v2/load_balancers', key: 'load_balancers' }),
  normalize(raw) {
    const tag = str(raw.tag);
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(raw.name) ?? '',
      region: regionSlug(raw.region),
      status: str(raw.status),
      attrs: {
        ip: str(raw.ip),
        ipv6: str(raw.ipv6),
        // Deprecated by DO but still sent; kept because the system this replaces reported it.
        algorithm: str(raw.algorithm),
        forwarding_rules: forwardingRules(raw.forwarding_rules),
        droplet_ids: idList(raw.droplet_ids),
        tag: tag || null,
        // Nodes: `size_unit` now, the deprecated `size` slug on older ones; both drive the price.
        size_unit: num(raw.size_unit),
        size: str(raw.size),
        type: str(raw.type),
        network: str(raw.network),
        vpc_uuid: str(raw.vpc_uuid),
        created_at: str(raw.created_at),
      },
    };
  },
  ...projectSteps('load_balancer'),
};
