import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { taggedTenants, tenantOf } from '../../src/billing/tenant-of.js';

const DEFAULT_PREFIX = loadConfig({}).ARCADIA_TENANT_TAG_PREFIX;

describe('tenantOf: a resource tenant read from its tags with the configured prefix', () => {
  it('reads the default prefix', () => {
    expect(DEFAULT_PREFIX).toBe('tenant:');
    expect(tenantOf(['env:prod', 'tenant:acme'], DEFAULT_PREFIX)).toBe('acme');
  });

  it('reads a custom prefix, and a default-prefix tag then names no one', () => {
    expect(tenantOf(['tenant:acme', 'customer:globex'], 'customer:')).toBe('globex');
    expect(tenantOf(['tenant:acme'], 'customer:')).toBeNull();
    expect(tenantOf(['customer-globex'], 'customer-')).toBe('globex');
  });

  it('a bare prefix (empty name) names no tenant', () => {
    expect(tenantOf(['tenant:'], 'tenant:')).toBeNull();
    expect(tenantOf(['tenant:', 'tenant:acme'], 'tenant:')).toBe('acme');
  });

  it('no tenant tag, or no tags at all, is null', () => {
    expect(tenantOf(['env:prod', 'team:web'], 'tenant:')).toBeNull();
    expect(tenantOf([], 'tenant:')).toBeNull();
  });

  it('the prefix must lead the tag', () => {
    expect(tenantOf(['old-tenant:acme'], 'tenant:')).toBeNull();
  });

  it('the first tenant tag wins; billing sees every one, each once', () => {
    const tags = ['tenant:beta', 'env:prod', 'tenant:acme', 'tenant:beta', 'tenant:'];
    expect(tenantOf(tags, 'tenant:')).toBe('beta');
    expect(taggedTenants(tags, 'tenant:')).toEqual(['beta', 'acme']);
  });
});
