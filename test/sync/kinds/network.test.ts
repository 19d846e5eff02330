import { beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../../models/resource.js';
import { floatingIp } from '../../../src/sync/kinds/index.js';
import { firewall } from '../../../src/sync/kinds/index.js';
import { loadBalancer } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('floating_ip', () => {
  it('keys on the IP, with assigned/unassigned status and the droplet id and region', async () => {
    const result = await h.sync(floatingIp);
    expect(result).toMatchObject({ status: 'succeeded', listed: 2, created: 2, apiCalls: 1 });
    expect(await h.stored('floating_ip', '45.55.96.47')).toMatchObject({
      name: '45.55.96.47',
      region: 'nyc3',
      status: 'assigned',
      attrs: { droplet_id: '3164444', droplet_name: 'example.com', locked: false },
    });
    expect(await h.stored('floating_ip', '45.55.96.50')).toMatchObject({
      status: 'unassigned',
      region: 'nyc3',
      attrs: { droplet_id: null },
    });
  });

  it('reads only /v2/reserved_ips, so the legacy /v2/floating_ips never doubles the count', async () => {
    await h.sync(floatingIp);
    expect(h.standin.requestCount('/v2/reserved_ips')).toBe(1);
    expect(h.standin.requestCount('/v2/floating_ips')).toBe(0);
    expect(await Resource.countDocuments({ kind: 'floating_ip' })).toBe(2);
  });

  it('an IP moving between droplets is updated, not duplicated', async () => {
    await h.sync(floatingIp);
    const [assigned, free] = h.standin.account.reserved_ips;
    free!.droplet = { id: 3164459, name: 'assets.example.com' };
    assigned!.droplet = null;
    const second = await h.sync(floatingIp);
    expect(second).toMatchObject({ listed: 2, created: 0, updated: 2, markedStale: 0 });
    expect(await Resource.countDocuments({ kind: 'floating_ip' })).toBe(2);
    expect(await h.stored('floating_ip', '45.55.96.50')).toMatchObject({
      status: 'assigned',
      attrs: { droplet_id: '3164459' },
    });
    expect(await h.stored('floating_ip', '45.55.96.47')).toMatchObject({
      status: 'unassigned',
      attrs: { droplet_id: null },
    });
  });
});

describe('firewall', () => {
  it('keeps status, inbound and outbound rules, droplet_ids and tags', async () => {
    const result = await h.sync(firewall);
    expect(result).toMatchObject({ status: 'succeeded', listed: 2, created: 2 });
    const web = await h.stored('firewall', 'fb6045f1-cf1d-4ca3-bfac-18832663025b');
    expect(web).toMatchObject({
      name: 'web-fw',
      status: 'succeeded',
      attrs: { droplet_ids: ['3164444', '3164459'], tags: [] },
    });
    const attrs = web!.attrs as { inbound_rules: unknown[]; outbound_rules: unknown[] };
    expect(attrs.inbound_rules).toHaveLength(3);
    expect(attrs.inbound_rules[0]).toMatchObject({
      protocol: 'tcp',
      ports: '80',
      sources: { load_balancer_uids: ['4de7ac8b-495b-4884-9a69-1050c6793cd6'] },
    });
    expect(attrs.inbound_rules[2]).toMatchObject({
      ports: '22',
      sources: { tags: ['gateway'], addresses: ['18.0.0.0/8'] },
    });
    expect(attrs.outbound_rules).toHaveLength(3);
    expect(attrs.outbound_rules[1]).toMatchObject({
      protocol: 'udp',
      ports: '53',
      destinations: { addresses: ['0.0.0.0/0', '::/0'] },
    });
    const stage = await h.stored('firewall', 'bb4b2611-3d72-467b-8602-280330ecd65c');
    expect(stage).toMatchObject({
      name: 'stage-fw',
      tags: ['env:stage'],
      attrs: { droplet_ids: [], tags: ['env:stage'] },
    });
    expect((stage!.attrs as { inbound_rules: unknown[] }).inbound_rules[1]).toMatchObject({
      ports: '8000-9000',
      sources: { droplet_ids: ['3164444'] },
    });
  });
});

describe('load_balancer', () => {
  it('keeps name, region, algorithm, forwarding rules, droplet_ids, status and ip', async () => {
    const result = await h.sync(loadBalancer);
    expect(result).toMatchObject({ status: 'succeeded', listed: 2, created: 2 });
    const lb = await h.stored('load_balancer', '4de7ac8b-495b-4884-9a69-1050c6793cd6');
    expect(lb).toMatchObject({
      name: 'example-lb-01',
      region: 'nyc3',
      status: 'active',
      attrs: {
        ip: '104.131.186.241',
        algorithm: 'round_robin',
        droplet_ids: ['3164444', '3164459'],
        tag: null,
        size_unit: 1,
        size: 'lb-small',
        forwarding_rules: [
          {
            entry_protocol: 'http',
            entry_port: 80,
            target_protocol: 'http',
            target_port: 80,
            certificate_id: null,
            tls_passthrough: false,
          },
          {
            entry_protocol: 'https',
            entry_port: 443,
            target_protocol: 'https',
            target_port: 443,
            certificate_id: null,
            tls_passthrough: true,
          },
        ],
      },
    });
    expect(await h.stored('load_balancer', '56775c3f-04ab-4fb3-a7ed-40ef9bc8eece')).toMatchObject({
      name: 'prod-web-lb-01',
      attrs: { ip: '45.55.125.24' },
    });
  });
});
