import { KIND_SPECS, type ResourceKind } from './kinds/index.js';

/**
 * URN types DO documents that Arcadia does not inventory: such URNs are counted, not resolved.
 * Every type DO documents is a kind's now (app, vpc and reservedipv6 included); the list stays
 * for a type DO adds before a kind does.
 */
const NOT_INVENTORIED_URN_TYPES: readonly string[] = [];

/** DO's URN types (as written in project resource lists, without underscores) → Arcadia's kind, from each kind's spec. */
const URN_TYPES: ReadonlyMap<string, ResourceKind | null> = new Map<string, ResourceKind | null>([
  ...KIND_SPECS.flatMap((spec) => spec.urnTypes.map((type): [string, ResourceKind] => [type, spec.kind])),
  ...NOT_INVENTORIED_URN_TYPES.map((type): [string, null] => [type, null]),
]);

export type ParsedUrn =
  /** A type Arcadia stores: `kind` and `id` name the resource (its providerId). */
  | { status: 'resolved'; urn: string; type: string; kind: ResourceKind; id: string }
  /** A type DO documents that Arcadia does not inventory. */
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
  const table = URN_TYPES;
  if (!table.has(type)) return { status: 'unknown_type', urn, type, id };
  const kind = table.get(type);
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
