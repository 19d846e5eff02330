import { beforeEach, describe, expect, it } from 'vitest';
import { vpcNatGateway } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness, matchInvoiceRows } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('vpc_nat_gateway', () => {
  it('keeps its state, size, public address and the VPCs it serves', async () => {
    expect(await h.sync(vpcNatGateway)).toMatchObject({ status: 'succeeded', listed: 1, created: 1, apiCalls: 1 });
    expect(await h.stored('vpc_nat_gateway', '70e1b58d-cdec-4e95-b3ee-2d4d95feff51')).toMatchObject({
      name: 'prod-egress',
      region: 'nyc3',
      status: 'active',
      attrs: {
        type: 'PUBLIC',
        size: 1,
        public_ipv4: '174.138.113.197',
        vpc_uuids: ['5a4981aa-9653-4bd1-bef5-d6bff52042e4'],
        gateway_ips: ['10.20.0.2'],
      },
    });
  });

  it('an account DO does not offer them to (404) is skipped with a note instead of failing', async () => {
    h.standin.inject({ path: '/v2/vpc_nat_gateways', status: 404 });
    const result = await h.sync(vpcNatGateway);
    expect(result).toMatchObject({ status: 'succeeded', listed: 0 });
    expect(result.notes.join(' ')).toMatch(/skipped: this account has no VPC NAT gateways/);
  });

  it('a "VPC NAT Gateway" line matches the gateway by name', async () => {
    await h.sync(vpcNatGateway);
    const [line] = await matchInvoiceRows([['VPC NAT Gateway', '', 'prod-egress', '40.00']]);
    expect(line).toMatchObject({
      kind: 'vpc_nat_gateway',
      match: { providerId: '70e1b58d-cdec-4e95-b3ee-2d4d95feff51' },
    });
  });
});
