import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleListUrl, consoleUrl } from '../../src/inventory/console-url.js';
import { repoPath } from '../../src/repo-path.js';
import { cdnEndpoint, functionsNamespace } from '../../src/sync/kinds/index.js';

const DO = 'https://cloud.digitalocean.com';

/** One resource of each kind, as stored, and where its link should go. */
const CASES: [
  kind: string,
  resource: { providerId: string; name?: string; attrs?: Record<string, unknown> },
  url: string,
][] = [
  ['droplet', { providerId: '3164444' }, `${DO}/droplets/3164444`],
  ['droplet_backup', { providerId: '7938206', attrs: { droplet_id: '3164444' } }, `${DO}/droplets/3164444/backups`],
  ['droplet_backup', { providerId: '7938206', attrs: {} }, `${DO}/images/backups`],
  ['volume', { providerId: '506f78a4-e098-11e5-ad9f-000f53306ae1' }, `${DO}/volumes`],
  ['snapshot', { providerId: '6372321', attrs: { resource_type: 'droplet' } }, `${DO}/images/snapshots/droplets`],
  ['snapshot', { providerId: 'fbe805e8', attrs: { resource_type: 'volume' } }, `${DO}/images/snapshots/volumes`],
  ['floating_ip', { providerId: '45.55.96.47' }, `${DO}/networking/reserved_ips`],
  ['reserved_ipv6', { providerId: '2409:40d0:f7:1017:74b4:3a96:105e:1c77' }, `${DO}/networking/reserved_ips`],
  [
    'load_balancer',
    { providerId: '4de7ac8b-495b-4884-9a69-1050c6793cd6' },
    `${DO}/networking/load_balancers/4de7ac8b-495b-4884-9a69-1050c6793cd6`,
  ],
  [
    'firewall',
    { providerId: 'bb4b2611-3d72-467b-8602-280330ecd65c' },
    `${DO}/networking/firewalls/bb4b2611-3d72-467b-8602-280330ecd65c/rules`,
  ],
  ['domain', { providerId: 'example.com' }, `${DO}/networking/domains/example.com`],
  [
    'kubernetes_cluster',
    { providerId: 'bd5f5959-5e1e-4205-a714-a914373942af' },
    `${DO}/kubernetes/clusters/bd5f5959-5e1e-4205-a714-a914373942af`,
  ],
  [
    'managed_db',
    { providerId: '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30' },
    `${DO}/databases/9cc10173-e9ea-4176-9dbc-a4cee4c4ff30`,
  ],
  [
    'project',
    { providerId: '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679' },
    `${DO}/projects/4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679`,
  ],
  ['spaces_bucket', { providerId: 'static-images' }, `${DO}/spaces/static-images`],
  ['app', { providerId: 'c2a93513-8d9b-4223-9d61-5e7272c81cf5' }, `${DO}/apps/c2a93513-8d9b-4223-9d61-5e7272c81cf5`],
  ['container_registry', { providerId: 'example' }, `${DO}/registry`],
  [
    'vpc',
    { providerId: '5a4981aa-9653-4bd1-bef5-d6bff52042e4' },
    `${DO}/networking/vpc/5a4981aa-9653-4bd1-bef5-d6bff52042e4`,
  ],
  ['vpc_nat_gateway', { providerId: '70e1b58d-cdec-4e95-b3ee-2d4d95feff51' }, `${DO}/networking/vpc`],
  [
    'cdn_endpoint',
    { providerId: '19f06b6a', attrs: { origin: 'static-images.nyc3.digitaloceanspaces.com' } },
    `${DO}/spaces/static-images`,
  ],
  ['cdn_endpoint', { providerId: '19f06b6a', attrs: { origin: 'example.com' } }, `${DO}/spaces`],
  ['certificate', { providerId: '892071a0-bb95-49bc-8021-3afd67a210bf' }, `${DO}/account/security`],
  [
    'uptime_check',
    { providerId: '5a4981aa-9653-4bd1-bef5-d6bff52042e4' },
    `${DO}/monitors/uptime/checks/5a4981aa-9653-4bd1-bef5-d6bff52042e4`,
  ],
  ['custom_image', { providerId: '7555620' }, `${DO}/images/custom_images`],
  [
    'functions_namespace',
    { providerId: '5f2bd4e4', attrs: { namespace: 'fn-b4c1e9b0' } },
    `${DO}/functions/fn-b4c1e9b0`,
  ],
  ['functions_namespace', { providerId: '5f2bd4e4', attrs: {} }, `${DO}/functions`],
];

function firstItem(fixture: string, key: string): Record<string, unknown> {
  return (
    JSON.parse(readFileSync(repoPath('fixtures', 'digitalocean', fixture), 'utf8')) as Record<
      string,
      Record<string, unknown>[]
    >
  )[key]![0]!;
}

describe('consoleUrl', () => {
  it.each(CASES)('%s %j links to %s', (kind, resource, url) => {
    expect(consoleUrl({ kind, ...resource })).toBe(url);
  });

  it('escapes ids that are not path-safe', () => {
    expect(consoleUrl({ kind: 'domain', providerId: 'a/b?c' })).toBe(`${DO}/networking/domains/a%2Fb%3Fc`);
  });

  it('links a kind no spec declares to the panel home, and reads no attrs it lacks', () => {
    expect(consoleUrl({ kind: 'widget', providerId: '1' })).toBe(DO);
    expect(consoleUrl({ kind: 'snapshot', providerId: '1', attrs: null })).toBe(`${DO}/images/snapshots/droplets`);
  });

  it('reads the attrs normalize stores (CDN origin, Functions namespace id)', () => {
    const endpoint = cdnEndpoint.normalize(firstItem('cdn_endpoints.json', 'endpoints'));
    expect(consoleUrl({ kind: 'cdn_endpoint', ...endpoint })).toBe(`${DO}/spaces/my-website-assets`);
    const ns = functionsNamespace.normalize(firstItem('functions_namespaces.json', 'namespaces'));
    expect(consoleUrl({ kind: 'functions_namespace', ...ns })).toBe(
      `${DO}/functions/fn-b4c1e9b0-6f43-4b31-9f4e-3a1f0d2c8e77`,
    );
  });
});

describe('consoleListUrl', () => {
  it("opens a kind's list page", () => {
    expect(consoleListUrl('droplet')).toBe(`${DO}/droplets`);
    expect(consoleListUrl('uptime_check')).toBe(`${DO}/monitors/uptime/checks`);
    expect(consoleListUrl('widget')).toBe(DO);
  });
});
