import type { ResourceKind } from '../../models/resource.js';

/**
 * DO's URN types (as written in project resource lists, without underscores) → Arcadia's kind.
 * `null`: a type DO emits that Arcadia does not inventory (yet); such URNs are counted, not resolved.
 * The Projects API keeps the old `floatingip` name; godo also writes `reservedip` for the same IPs.
 */
const URN_TYPES: Readonly<Record<string, ResourceKind | null>> = {
  droplet: 'droplet',
  volume: 'volume',
  domain: 'domain',
  floatingip: 'floating_ip',
  reservedip: 'floating_ip',
  loadbalancer: 'load_balancer',
  dbaas: 'managed_db',
  kubernetes: 'kubernetes_cluster',
  space: 'spaces_bucket',
  firewall: 'firewall',
  app: null,
  vpc: null,
  // Reserved IPv6 addresses have their own endpoints, which Arcadia does not list.
  reservedipv6: null,
};

export type ParsedUrn =
  /** A type Arcadia stores: `kind` and `id` name the resource (its providerId). */
  | { status: 'resolved'; urn: string; type: string; kind: ResourceKind; id: string }
  /** A type DO documents that Arcadia does not inventory (app, vpc, reservedipv6). */
  | { status: 'not_inventoried'; urn: string; type: string; id: string }
  /** A type this table does not know: kept and reported, never a crash. */
  | { status: 'unknown_type'; urn: string; type: string; id: string }
  /** Not `do:<type>:<id>` at all. */
  | { status: 'malformed'; urn: string };

/**
 * Parses `do:<type>:<id>`, splitting on the first two colons only: an IPv6 id keeps its own colons.
 * The type is matched case-insensitively; the id is kept exactly as given.
 */
export function parseUrn(urn: string): ParsedUrn {
  const first = urn.indexOf(':');
  const second = first < 0 ? -1 : urn.indexOf(':', first + 1);
  if (second < 0 || urn.slice(0, first).toLowerCase() !== 'do') return { status: 'malformed', urn };
  const type = urn.slice(first + 1, second).toLowerCase();
  const id = urn.slice(second + 1);
  if (type === '' || id === '') return { status: 'malformed', urn };
  if (!Object.hasOwn(URN_TYPES, type)) return { status: 'unknown_type', urn, type, id };
  const kind = URN_TYPES[type];
  return kind ? { status: 'resolved', urn, type, kind, id } : { status: 'not_inventoried', urn, type, id };
}

/** The counting key of a URN in reports: its Arcadia kind, DO's type, `unknown:<type>`, or `malformed`. */
export function urnLabel(parsed: ParsedUrn): string {
  switch (parsed.status) {
    case 'resolved':
      return parsed.kind;
    case 'not_inventoried':
      return parsed.type;
    case 'unknown_type':
      return `unknown:${parsed.type}`;
    case 'malformed':
      return 'malformed';
  }
}
