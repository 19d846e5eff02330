import { consolePageById, type KindSpec } from '../kind-spec.js';
import { arr, bool, idList, num, obj, regionSlug, requiredId, str, stringList, tags } from '../normalize-helpers.js';
import { loadBalancerNodes, PRICE_LIST } from '../../pricing/price-list.js';

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

function healthCheck(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  const h = obj(value);
  return {
    protocol: str(h.protocol),
    port: num(h.port),
    path: str(h.path),
    check_interval_seconds: num(h.check_interval_seconds),
    response_timeout_seconds: num(h.response_timeout_seconds),
    healthy_threshold: num(h.healthy_threshold),
    unhealthy_threshold: num(h.unhealthy_threshold),
  };
}

/** The load balancer's own firewall: `allow` / `deny` lists of `ip:…` / `cidr:…` sources. */
function lbFirewall(value: unknown): { allow: string[]; deny: string[] } | null {
  if (value === null || value === undefined) return null;
  const f = obj(value);
  return { allow: stringList(f.allow), deny: stringList(f.deny) };
}

/** Load balancers. Global ones have no region; `tag` (one string, "" when unused) drives membership when set. */
export const loadBalancer: KindSpec<'load_balancer'> = {
  kind: 'load_balancer',
  endpoints: [{ path: '/v2/load_balancers', key: 'load_balancers', scope: 'load_balancer:read' }],
  urnTypes: ['loadbalancer'],
  projects: 'default',
  monthlyCost: (r) => loadBalancerNodes(r.attrs) * PRICE_LIST.loadBalancerNodeCents,
  aliases: ['loadbalancer', 'lb'],
  invoice: { patterns: [{ priority: 60, product: /\bload balancers?\b/i }] },
  usuallyFree: () => null,
  show: { fields: [['ip', 'ip']], searchable: ['ip'] },
  console: { list: '/networking/load_balancers', page: consolePageById('/networking/load_balancers') },
  standin: { fixture: 'load_balancers.json' },
  normalize(raw) {
    const tag = str(raw.tag);
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(raw.name) ?? '',
      region: regionSlug(raw.region),
      status: str(raw.status),
      // `tags` (a list, newer) beside `tag` (one string, which drives droplet membership).
      tags: tags(raw.tags),
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
        domains: arr(raw.domains)
          .map(obj)
          .map((d) => ({
            name: str(d.name),
            is_managed: bool(d.is_managed),
            certificate_id: str(d.certificate_id) || null,
          })),
        health_check: healthCheck(raw.health_check),
        firewall: lbFirewall(raw.firewall),
        project_id: str(raw.project_id),
        created_at: str(raw.created_at),
      },
    };
  },
  // DO names the project on the object itself: used when the project listing lacks the resource.
  projectIdOnObject: true,
};
