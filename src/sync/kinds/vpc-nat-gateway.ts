import { listIfPresent, type KindSpec } from '../kind-spec.js';
import { arr, idList, num, obj, requiredId, str } from '../normalize-helpers.js';

/**
 * VPC NAT gateways (`/v2/vpc_nat_gateways`, key `vpc_nat_gateways`). Not every account may use them
 * yet, so a 404 or 403 skips the kind with a note. The public address is in `egresses.public_gateways`.
 */
export const vpcNatGateway: KindSpec<'vpc_nat_gateway'> = {
  kind: 'vpc_nat_gateway',
  endpoints: [{ path: '/v2/vpc_nat_gateways', key: 'vpc_nat_gateways', scope: 'vpc:read' }],
  // DO returns a `project_id` on the gateway but documents no URN type for it in project lists.
  urnTypes: [],
  projects: 'none',
  // Unpriced: NAT gateway pricing is not in the price list.
  monthlyCost: () => null,
  aliases: ['nat_gateway', 'natgateway'],
  invoice: { patterns: [{ priority: 185, product: /\b(vpc )?nat gateways?\b/i }] },
  usuallyFree: () => null,
  show: {
    fields: [
      ['public_ipv4', 'ip'],
      ['size', 'size'],
    ],
    searchable: ['public_ipv4'],
  },
  // Not confirmed in DO's documentation where the control panel shows NAT gateways: the link opens the VPC
  // networks they serve.
  console: { list: '/networking/vpc' },
  standin: { fixture: 'vpc_nat_gateways.json' },
  list: listIfPresent('VPC NAT gateways'),
  normalize(raw) {
    const vpcs = arr(raw.vpcs).map(obj);
    const publicIps = idList(arr(obj(raw.egresses).public_gateways).map((g) => obj(g).ipv4));
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(raw.name) ?? '',
      region: str(raw.region),
      // DO writes the state in capitals (ACTIVE); stored lower case like every other kind's status.
      status: str(raw.state)?.toLowerCase() ?? null,
      attrs: {
        type: str(raw.type),
        size: num(raw.size),
        public_ipv4: publicIps[0] ?? null,
        public_ips: publicIps,
        vpc_uuids: idList(vpcs.map((v) => v.vpc_uuid)),
        gateway_ips: idList(vpcs.map((v) => v.gateway_ip)),
        project_id: str(raw.project_id),
        created_at: str(raw.created_at),
      },
    };
  },
};
