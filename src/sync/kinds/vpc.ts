import { consolePageById, type KindSpec } from '../kind-spec.js';
import { bool, requiredId, str } from '../normalize-helpers.js';

/** VPC networks. Free, and every region has a default one; kept so resources' `vpc_uuid` can be named. */
export const vpc: KindSpec<'vpc'> = {
  kind: 'vpc',
  endpoints: [{ path: '/v2/vpcs', key: 'vpcs', scope: 'vpc:read' }],
  urnTypes: ['vpc'],
  // DO's project resource lists name VPCs only when one was put in a project.
  projects: 'explicit',
  monthlyCost: () => null,
  aliases: [],
  invoice: { patterns: [{ priority: 190, product: /\bvpcs?\b/i }] },
  usuallyFree: () => 'VPC networks are free',
  show: { fields: [['ip_range', 'range']] },
  console: { list: '/networking/vpc', page: consolePageById('/networking/vpc') },
  standin: { fixture: 'vpcs.json' },
  normalize(raw) {
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(raw.name) ?? '',
      // A slug string here, not an object.
      region: str(raw.region),
      status: 'active',
      attrs: {
        ip_range: str(raw.ip_range),
        description: str(raw.description),
        default: bool(raw.default) ?? false,
        urn: str(raw.urn),
        created_at: str(raw.created_at),
      },
    };
  },
};
