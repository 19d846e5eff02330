import { describe, expect, it } from 'vitest';
import { parseUrn, urnLabel } from '../../src/sync/project-urn.js';

describe('parseUrn', () => {
  it.each([
    // Every type DO emits, in DO's spelling.
    ['do:droplet:3164444', 'droplet', '3164444'],
    ['do:volume:506f78a4-e098-11e5-ad9f-000f53306ae1', 'volume', '506f78a4-e098-11e5-ad9f-000f53306ae1'],
    ['do:domain:example.com', 'domain', 'example.com'],
    ['do:floatingip:45.55.96.47', 'floating_ip', '45.55.96.47'],
    ['do:reservedip:45.55.96.50', 'floating_ip', '45.55.96.50'],
    ['do:loadbalancer:4de7ac8b-495b-4884-9a69-1050c6793cd6', 'load_balancer', '4de7ac8b-495b-4884-9a69-1050c6793cd6'],
    ['do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30', 'managed_db', '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30'],
    [
      'do:kubernetes:bd5f5959-5e1e-4205-a714-a914373942af',
      'kubernetes_cluster',
      'bd5f5959-5e1e-4205-a714-a914373942af',
    ],
    ['do:space:my-website-assets', 'spaces_bucket', 'my-website-assets'],
    ['do:firewall:fb6045f1-cf1d-4ca3-bfac-18832663025b', 'firewall', 'fb6045f1-cf1d-4ca3-bfac-18832663025b'],
    ['do:app:be5aab85-851b-4cab-b2ed-98d5a63ba4e8', 'app', 'be5aab85-851b-4cab-b2ed-98d5a63ba4e8'],
    ['do:vpc:5a4981aa-9653-4bd1-bef5-d6bff52042e4', 'vpc', '5a4981aa-9653-4bd1-bef5-d6bff52042e4'],
    // An IPv6 id keeps its colons: only the first two colons split.
    ['do:reservedipv6:2604:a880:0:1010::18a:a001', 'reserved_ipv6', '2604:a880:0:1010::18a:a001'],
    // The type is matched without regard to case; the id is kept as given.
    ['do:LoadBalancer:ABC', 'load_balancer', 'ABC'],
  ])('%s → %s %s', (urn, kind, id) => {
    expect(parseUrn(urn)).toEqual({ status: 'resolved', urn, type: urn.split(':')[1]!.toLowerCase(), kind, id });
  });

  it.each([
    ['do:registry:team-registry', 'registry', 'team-registry'],
    ['do:newthing:a:b:c', 'newthing', 'a:b:c'],
  ])('keeps an unknown type (%s) with its id instead of failing', (urn, type, id) => {
    const parsed = parseUrn(urn);
    expect(parsed).toEqual({ status: 'unknown_type', urn, type, id });
    expect(urnLabel(parsed)).toBe(`unknown:${type}`);
  });

  it.each(['', 'droplet:1', 'do:droplet', 'do::1', 'do:droplet:', 'aws:ec2:i-1', 'do'])(
    'reports %j as malformed',
    (urn) => {
      const parsed = parseUrn(urn);
      expect(parsed).toEqual({ status: 'malformed', urn });
      expect(urnLabel(parsed)).toBe('malformed');
    },
  );
});
