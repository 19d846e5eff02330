import { describe, expect, it } from 'vitest';
import { parseBlueprint, planSteps } from '../../src/saga/blueprint.js';
import { BlueprintError, BlueprintParamError } from '../../src/saga/errors.js';

const builtins = { tenant_tag_prefix: 'tenant:' };
/** A blueprint whose `domain` parameter carries the given rule. */
const withDomainRule = (rule: string) =>
  parseBlueprint(
    `name: site
params:
  domain:
    required: true
    ${rule}
resources: [{ id: box, kind: droplet, name: box, region: nyc1, size: s-1vcpu-1gb, image: ubuntu-24-04-x64 }]
`,
    'site.yml',
  );

describe('a parameter restricted to domains (allowed_domains)', () => {
  const bp = withDomainRule('allowed_domains: [tenants.example.com, example.org]');

  it('takes a listed domain or a subdomain of one, in any case and with a trailing dot', () => {
    for (const domain of ['tenants.example.com', 'acme.tenants.example.com', 'EXAMPLE.ORG.', 'shop.example.org']) {
      expect(planSteps(bp, { domain }, builtins).params.domain).toBe(domain);
    }
  });

  it('refuses any other domain, saying which are allowed', () => {
    for (const domain of ['example.com', 'www.example.com', 'eviltenants.example.com', 'example.org.evil.net']) {
      expect(() => planSteps(bp, { domain }, builtins)).toThrow(BlueprintParamError);
    }
    expect(() => planSteps(bp, { domain: 'example.com' }, builtins)).toThrow(
      '"domain" must be tenants.example.com or example.org, or a subdomain of one',
    );
    expect(() => planSteps(withDomainRule('allowed_domains: [example.org]'), { domain: 'x.net' }, builtins)).toThrow(
      '"domain" must be example.org, or a subdomain of it',
    );
  });

  it('refuses a blueprint whose rule is not a list of domain names, naming the file and path', () => {
    expect(() => withDomainRule('allowed_domains: ["*.example.com"]')).toThrow(BlueprintError);
    expect(() => withDomainRule('allowed_domains: ["*.example.com"]')).toThrow(
      'site.yml at params.domain.allowed_domains[0]: must be lowercase domain names, e.g. example.com',
    );
  });
});
