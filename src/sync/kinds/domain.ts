import { consolePageById, type KindSpec } from '../kind-spec.js';
import { num, requiredId, str } from '../normalize-helpers.js';

/** Records in a zone file: not blank lines, comments, or directives (`$ORIGIN`, `$TTL`, `$INCLUDE`). */
function zoneRecordCount(zone: string): number {
  return zone.split('\n').filter((line) => {
    const l = line.trim();
    return l !== '' && !l.startsWith(';') && !l.startsWith('$');
  }).length;
}

/** DNS zones. A domain has no id: its name is the identifier (and its URN id). */
export const domain: KindSpec<'domain'> = {
  kind: 'domain',
  endpoints: [{ path: '/v2/domains', key: 'domains', scope: 'domain:read' }],
  urnTypes: ['domain'],
  projects: 'default',
  monthlyCost: () => 0,
  aliases: [],
  invoice: { patterns: [] },
  usuallyFree: () => 'domains are free',
  show: { fields: [] },
  console: { list: '/networking/domains', page: consolePageById('/networking/domains') },
  standin: { fixture: 'domains.json' },
  normalize(raw) {
    const name = requiredId(raw.name, 'name');
    const zone = str(raw.zone_file);
    return {
      providerId: name,
      name,
      status: 'active',
      attrs: {
        ttl: num(raw.ttl),
        // The zone file can be large; keep its size and record count, not the text.
        zone_file_bytes: zone ? Buffer.byteLength(zone) : 0,
        zone_records: zone ? zoneRecordCount(zone) : 0,
      },
    };
  },
};
