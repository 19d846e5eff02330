import { describe, expect, it } from 'vitest';
import { resolveKindName } from '../../src/sync/kind-names.js';
import { RESOURCE_KINDS } from '../../src/sync/kinds/index.js';

describe('resolveKindName', () => {
  it.each([
    ['Apps', 'app'],
    ['registry', 'container_registry'],
    ['nat-gateways', 'vpc_nat_gateway'],
    ['VPCs', 'vpc'],
    ['cdn', 'cdn_endpoint'],
    ['certificates', 'certificate'],
    ['uptime', 'uptime_check'],
    ['reserved-ipv6', 'reserved_ipv6'],
    ['images', 'custom_image'],
    ['functions', 'functions_namespace'],
    ['reserved_ip', 'floating_ip'],
  ])('%s → %s', (typed, kind) => {
    expect(resolveKindName(typed, RESOURCE_KINDS)).toBe(kind);
  });
});
