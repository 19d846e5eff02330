import { beforeEach, describe, expect, it } from 'vitest';
import { reservedIpv6 } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness, matchInvoiceRows } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('reserved_ipv6', () => {
  it('keys on the address, with its region slug and the droplet it is assigned to', async () => {
    expect(await h.sync(reservedIpv6)).toMatchObject({ status: 'succeeded', listed: 2, apiCalls: 1 });
    expect(await h.stored('reserved_ipv6', '2604:a880:800:14::42c3:d000')).toMatchObject({
      region: 'nyc3',
      status: 'assigned',
      attrs: { droplet_id: '3164444', droplet_name: 'example.com' },
    });
    expect(await h.stored('reserved_ipv6', '2604:a880:800:14::5c1:a000')).toMatchObject({
      status: 'unassigned',
      attrs: { droplet_id: null },
    });
  });

  it('an "Unused Reserved IPv6 - <ip>" line matches the address, not a reserved IPv4', async () => {
    await h.sync(reservedIpv6);
    const [line] = await matchInvoiceRows([
      ['Reserved IPv6s', '', 'Unused Reserved IPv6 - 2604:a880:800:14::5c1:a000', '1.00'],
    ]);
    expect(line).toMatchObject({
      kind: 'reserved_ipv6',
      match: { kind: 'reserved_ipv6', providerId: '2604:a880:800:14::5c1:a000', via: 'ip' },
    });
  });
});
