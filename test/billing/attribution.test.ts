import { describe, expect, it } from 'vitest';
import {
  attributeResources,
  resolveProjects,
  type AttributableResource,
} from '../../src/billing/attribute-resources.js';
import type { TenantDefinition } from '../../src/billing/tenant-definition.js';

const tenant = (name: string, rest: Partial<TenantDefinition> = {}): TenantDefinition => ({
  name,
  projects: [],
  tags: [],
  markupPct: 0,
  ...rest,
});
const res = (kind: string, providerId: string, rest: Partial<AttributableResource> = {}): AttributableResource => ({
  kind,
  providerId,
  tags: [],
  projectId: null,
  attrs: {},
  ...rest,
});
const projects = [
  { providerId: 'p-web', name: 'my-web-api' },
  { providerId: 'p-def', name: 'Default' },
];

function attribute(tenants: TenantDefinition[], resources: AttributableResource[]) {
  return attributeResources(tenants, resources, resolveProjects(tenants, projects), 'tenant:');
}

describe('attributeResources', () => {
  it('a tenant:<name> tag wins over a mapped tag, which wins over the project', () => {
    const tenants = [
      tenant('acme', { projects: ['my-web-api'] }),
      tenant('globex', { tags: ['team-globex'] }),
      tenant('initech'),
    ];
    const map = attribute(tenants, [
      res('droplet', '1', { tags: ['tenant:initech', 'team-globex'], projectId: 'p-web' }),
      res('droplet', '2', { tags: ['team-globex'], projectId: 'p-web' }),
      res('droplet', '3', { projectId: 'p-web' }),
      res('droplet', '4', { projectId: 'p-def' }),
    ]);
    expect(map.get('droplet:1')).toEqual({ tenant: 'initech', via: 'tenant_tag' });
    expect(map.get('droplet:2')).toEqual({ tenant: 'globex', via: 'tag' });
    expect(map.get('droplet:3')).toEqual({ tenant: 'acme', via: 'project' });
    expect(map.has('droplet:4')).toBe(false);
  });

  it('a project listed by id works like one listed by name', () => {
    const map = attribute([tenant('acme', { projects: ['p-def'] })], [res('volume', 'v', { projectId: 'p-def' })]);
    expect(map.get('volume:v')).toEqual({ tenant: 'acme', via: 'project' });
  });

  it('a tenant:<name> tag naming no defined tenant is no claim', () => {
    const map = attribute(
      [tenant('acme', { projects: ['my-web-api'] })],
      [res('droplet', '1', { tags: ['tenant:nobody'], projectId: 'p-web' })],
    );
    expect(map.get('droplet:1')).toEqual({ tenant: 'acme', via: 'project' });
  });

  it('two tenants at the same level: tenant_conflict, naming both, even when a lower level would decide', () => {
    const tenants = [
      tenant('acme', { tags: ['shared'], projects: ['my-web-api'] }),
      tenant('globex', { tags: ['shared'] }),
    ];
    const map = attribute(tenants, [
      res('droplet', '1', { tags: ['shared'], projectId: 'p-web' }),
      res('droplet', '2', { tags: ['tenant:acme', 'tenant:globex'] }),
    ]);
    expect(map.get('droplet:1')).toEqual({ tenant: null, reason: 'tenant_conflict', claimants: ['acme', 'globex'] });
    expect(map.get('droplet:2')).toEqual({ tenant: null, reason: 'tenant_conflict', claimants: ['acme', 'globex'] });
  });

  it('backups and snapshots with no claim of their own inherit from their source; their own claim wins', () => {
    const tenants = [tenant('acme', { projects: ['my-web-api'] }), tenant('globex')];
    const map = attribute(tenants, [
      res('droplet', '10', { projectId: 'p-web' }),
      res('volume', 'vol-1', { projectId: 'p-web' }),
      res('droplet_backup', 'b1', { attrs: { droplet_id: '10' } }),
      res('snapshot', 's1', { attrs: { resource_type: 'droplet', resource_id: '10' } }),
      res('snapshot', 's2', { attrs: { resource_type: 'volume', resource_id: 'vol-1' } }),
      res('snapshot', 's3', { tags: ['tenant:globex'], attrs: { resource_type: 'droplet', resource_id: '10' } }),
      res('snapshot', 's4', { attrs: { resource_type: 'droplet', resource_id: '999' } }),
    ]);
    expect(map.get('droplet_backup:b1')).toEqual({ tenant: 'acme', via: 'inherited', from: 'droplet:10' });
    expect(map.get('snapshot:s1')).toEqual({ tenant: 'acme', via: 'inherited', from: 'droplet:10' });
    expect(map.get('snapshot:s2')).toEqual({ tenant: 'acme', via: 'inherited', from: 'volume:vol-1' });
    expect(map.get('snapshot:s3')).toEqual({ tenant: 'globex', via: 'tenant_tag' });
    expect(map.has('snapshot:s4')).toBe(false);
  });

  it('a reserved IP, which DO cannot tag, has the tenant of the droplet it is assigned to', () => {
    const tenants = [tenant('acme'), tenant('globex')];
    const map = attribute(tenants, [
      res('droplet', '10', { tags: ['tenant:acme'] }),
      res('floating_ip', '203.0.113.5', { attrs: { droplet_id: '10' } }),
      res('floating_ip', '203.0.113.6', { attrs: { droplet_id: null } }),
      res('floating_ip', '203.0.113.7', { tags: [], projectId: null, attrs: { droplet_id: '999' } }),
    ]);
    expect(map.get('floating_ip:203.0.113.5')).toEqual({ tenant: 'acme', via: 'inherited', from: 'droplet:10' });
    expect(map.has('floating_ip:203.0.113.6')).toBe(false);
    expect(map.has('floating_ip:203.0.113.7')).toBe(false);
  });
});
