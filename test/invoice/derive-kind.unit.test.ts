import { describe, expect, it } from 'vitest';
import { deriveKind } from '../../src/invoice/derive-kind.js';
import { describedResource } from '../../src/invoice/description-patterns.js';

describe('deriveKind', () => {
  // Every product name of section 5 of the DO API notes, with the description DO writes for it.
  it.each([
    ['Droplets', 'example.com (s-1vcpu-1gb)', 'droplet'],
    ['GPU Droplets', 'gpu-1 (gpu-h100x1-80gb)', 'droplet'],
    ['Load Balancers', 'My Example Load Balancer', 'load_balancer'],
    ['Kubernetes Clusters', '3 nodes - 4 GB / 2 vCPU / 80 GB SSD', 'kubernetes_cluster'],
    ['Kubernetes', 'a56e086a317d8410c8b4cfd1f4dc9f82', 'kubernetes_cluster'],
    ['Floating IPs', 'Unused Floating IP - 1.1.1.1', 'floating_ip'],
    ['Reserved IPs', 'Unused Reserved IP - 45.55.96.50', 'floating_ip'],
    ['Database Clusters', 'PostgreSQL 1 node, 4 GB RAM / 2 vCPU / 60 GiB disk', 'managed_db'],
    ['Managed Databases', 'MySQL 1 node', 'managed_db'],
    ['Droplet Backups', 'example.com (s-1vcpu-1gb)', 'droplet_backup'],
    ['Backups', 'example.com (s-1vcpu-1gb)', 'droplet_backup'],
    ['Droplet Snapshots', 'example.com-1595954862243 (2.34 GiB)', 'snapshot'],
    ['Snapshots', 'example.com-1595954862243 (2.34 GiB)', 'snapshot'],
    ['Volume Snapshots', 'stage-data-1601492172000 (1.50 GiB)', 'snapshot'],
    ['Volumes', 'assets-data (100 GiB)', 'volume'],
    ['Block Storage', 'assets-data (100 GiB)', 'volume'],
    ['Spaces', 'my-website-assets', 'spaces_bucket'],
    ['Spaces Subscription', 'Spaces ($5/mo 250GB storage & 1TB bandwidth)', 'spaces_bucket'],
    ['App Platform', 'web - Basic (1 vCPU / 512 MiB)', 'app'],
    ['Container Registry', 'Basic subscription', 'container_registry'],
    ['Custom Images', 'golden-ubuntu-2404 (2.98 GiB)', 'custom_image'],
    ['Reserved IPv6s', 'Unused Reserved IPv6 - 2604:a880:800:14::5c1:a000', 'reserved_ipv6'],
    ['VPC NAT Gateway', 'prod-egress', 'vpc_nat_gateway'],
    ['Functions', 'webhooks', 'functions_namespace'],
    ['Uptime', 'Uptime checks', 'uptime_check'],
    ['Spaces CDN', 'static.example.com', 'cdn_endpoint'],
    ['Bandwidth', 'Outbound data transfer overage', 'bandwidth'],
    ['Overages', 'Droplet bandwidth overage (12 GiB)', 'bandwidth'],
  ])('%s → %s', (product, description, kind) => {
    expect(deriveKind(product, description).kind).toBe(kind);
  });

  it('never reads a backup or a snapshot as the droplet or volume it belongs to', () => {
    expect(deriveKind('Droplet Backups', 'web (s-1vcpu-1gb)').kind).not.toBe('droplet');
    expect(deriveKind('Droplet Snapshots', 'web-1 (2 GiB)').kind).toBe('snapshot');
    expect(deriveKind('Volume Snapshots', 'data-1 (2 GiB)').kind).toBe('snapshot');
  });

  it.each([
    ['Taxes', 'STATE SALES TAX (6.25%)'],
    ['Taxes', 'GST (10%)'],
    ['Taxes', 'VAT (20%)'],
    ['VAT', '20%'],
    ['', 'GST (10%)'],
  ])('a tax line (%s, %s) has no kind', (product, description) => {
    expect(deriveKind(product, description)).toEqual({ kind: null, tax: true, accountLevel: false });
  });

  it('reads an "Unused … IP - <ip>" line as an IP whatever the product says', () => {
    expect(deriveKind('Networking', 'Unused Reserved IP - 10.0.0.1').kind).toBe('floating_ip');
    expect(deriveKind('Networking', 'Unused Reserved IPv6 - 2604:a880::1').kind).toBe('reserved_ipv6');
  });

  it('marks subscriptions and overages as charged to the account, and an unknown product as unknown', () => {
    expect(deriveKind('Spaces Subscription', 'Spaces ($5/mo)').accountLevel).toBe(true);
    expect(deriveKind('Uptime', 'Uptime checks').accountLevel).toBe(true);
    // An account has one registry: its subscription line bills that resource.
    expect(deriveKind('Container Registry', 'Basic subscription').accountLevel).toBe(false);
    expect(deriveKind('Spaces', 'bucket').accountLevel).toBe(false);
    expect(deriveKind('Quantum Widgets', 'qw-1')).toEqual({ kind: null, tax: false, accountLevel: false });
  });
});

describe('describedResource: each description layout of the table', () => {
  it.each([
    ['volume', 'volume-sfo2-01 (sfo2) 100GB', { name: 'volume-sfo2-01', region: 'sfo2', size: '100GB' }],
    ['droplet', 'web-01 (nyc3) 1GB', { name: 'web-01', region: 'nyc3', size: '1GB' }],
    [
      'snapshot',
      'web-01-1565000000000 (nyc3) 1.42GB',
      { name: 'web-01-1565000000000', region: 'nyc3', size: '1.42GB' },
    ],
    ['load_balancer', 'lb-web (nyc3)', { name: 'lb-web', region: 'nyc3', size: null }],
    ['spaces_bucket', 'Spaces: assets-bucket (nyc3)', { name: 'assets-bucket', region: 'nyc3', size: null }],
    ['volume', 'assets-data (100 GiB)', { name: 'assets-data', region: null, size: '100 GiB' }],
    [
      'snapshot',
      'example.com-1595954862243 (2.34 GiB)',
      { name: 'example.com-1595954862243', region: null, size: '2.34 GiB' },
    ],
    ['droplet', 'example.com (s-1vcpu-1gb)', { name: 'example.com', region: null, size: 's-1vcpu-1gb' }],
    ['droplet', 'droplet name (c-2-4GiB)', { name: 'droplet name', region: null, size: 'c-2-4GiB' }],
    ['app', 'web - Basic (1 vCPU / 512 MiB)', { name: 'web', region: null, size: null }],
    ['load_balancer', 'My Example Load Balancer', { name: 'My Example Load Balancer', region: null, size: null }],
    ['droplet', 'odd name (some detail)', { name: 'odd name', region: null, size: null }],
  ])('%s: %s', (kind, description, expected) => {
    expect(describedResource(kind, description)).toEqual(expected);
  });

  it("a layout seen on one product does not read another product's text", () => {
    expect(describedResource('volume', 'Spaces: x-bucket').name).toBe('Spaces: x-bucket');
    expect(describedResource('droplet', 'web - Basic (1 vCPU / 512 MiB)').name).toBe('web - Basic');
  });
});
