import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBlueprint, parseBlueprint, planSteps } from '../../src/saga/blueprint.js';
import { BlueprintError, BlueprintParamError } from '../../src/saga/errors.js';
import { repoPath } from '../../src/repo-path.js';
import { loadConfig } from '../../src/config.js';

const fixtures = repoPath('test', 'fixtures', 'blueprints');
/** The built-ins as a default config fills them. */
const defaults = { tenant_tag_prefix: loadConfig({}).ARCADIA_TENANT_TAG_PREFIX };

/** A one-droplet blueprint with the given params and droplet tags. */
const tiny = (params: string, tags: string) => `name: tiny
params:
${params}
resources:
  - id: droplet
    kind: droplet
    name: box
    region: nyc1
    size: s-1vcpu-1gb
    image: ubuntu-24-04-x64
    tags: ${tags}
`;

describe('blueprints', () => {
  it('web-stack plans exactly the droplet, volume, reserved IP, A record, firewall and project steps', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    const { params, steps } = planSteps(
      bp,
      { tenant: 'acme', domain: 'example.com', firewall: 'web-fw', project: 'Acme' },
      defaults,
    );
    expect(params).toEqual({
      tenant: 'acme',
      name: 'web',
      region: 'nyc1',
      size: 's-1vcpu-1gb',
      domain: 'example.com',
      firewall: 'web-fw',
      project: 'Acme',
    });
    expect(steps.map((s) => s.kind)).toEqual([
      'droplet',
      'volume',
      'reserved_ip',
      'dns_record',
      'firewall_membership',
      'project_assignment',
    ]);
    expect(steps[0]).toMatchObject({ name: 'acme-web', region: 'nyc1', size: 's-1vcpu-1gb', tags: ['tenant:acme'] });
    expect(steps[3]).toMatchObject({ domain: 'example.com', name: 'web', points_to: 'ip' });
    expect(steps[5]).toMatchObject({ project: 'Acme', resources: ['droplet', 'volume', 'ip'] });
  });

  it('leaves out the optional firewall and project when their parameters are not given', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    const { steps } = planSteps(
      bp,
      { tenant: 'acme', domain: 'example.com', name: 'shop', size: 's-2vcpu-4gb' },
      defaults,
    );
    expect(steps.map((s) => s.id)).toEqual(['droplet', 'volume', 'ip', 'dns']);
    expect(steps[0]).toMatchObject({ name: 'acme-shop', size: 's-2vcpu-4gb' });
  });

  it('refuses missing, unknown and malformed parameters, saying which', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    expect(() => planSteps(bp, { tenant: 'acme' }, defaults)).toThrow(BlueprintParamError);
    expect(() => planSteps(bp, { tenant: 'acme' }, defaults)).toThrow('parameter "domain" is required');
    expect(() => planSteps(bp, { tenant: 'acme', domain: 'x.com', colour: 'red' }, defaults)).toThrow(
      'unknown parameter "colour"',
    );
    expect(() => planSteps(bp, { tenant: 'Acme Corp', domain: 'x.com' }, defaults)).toThrow('"tenant" must match');
  });

  it('tags the web-stack droplet with the configured tenant tag prefix', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    const { params, steps } = planSteps(
      bp,
      { tenant: 'acme', domain: 'example.com' },
      { tenant_tag_prefix: 'customer:' },
    );
    expect(steps[0]).toMatchObject({ name: 'acme-web', tags: ['customer:acme'] });
    // The built-in is no parameter: the saga's stored params stay what was asked for.
    expect(params).not.toHaveProperty('tenant_tag_prefix');
  });

  it('fills the default prefix when ARCADIA_TENANT_TAG_PREFIX is not set', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    const { steps } = planSteps(bp, { tenant: 'acme', domain: 'example.com' }, defaults);
    expect(steps[0]).toMatchObject({ tags: [`${defaults.tenant_tag_prefix}acme`] });
    expect(defaults.tenant_tag_prefix).toBe('tenant:');
  });

  it('a request cannot set a built-in: it is not a parameter', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    expect(() => planSteps(bp, { tenant: 'acme', domain: 'x.com', tenant_tag_prefix: 'evil:' }, defaults)).toThrow(
      'unknown parameter "tenant_tag_prefix"',
    );
  });

  it('refuses a parameter named like a built-in variable', () => {
    const text = tiny('  tenant_tag_prefix:\n    default: "x:"', '["${tenant_tag_prefix}a"]');
    const err = (() => {
      try {
        return parseBlueprint(text, 'tiny.yml');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BlueprintError);
    expect((err as BlueprintError).at).toBe('params.tenant_tag_prefix');
    expect((err as BlueprintError).sentence).toBe(
      'Blueprint tiny.yml at params.tenant_tag_prefix: "tenant_tag_prefix" is a built-in variable (the configured ARCADIA_TENANT_TAG_PREFIX); name the parameter differently.',
    );
  });

  it('still refuses a ${name} that is neither a parameter nor a built-in', () => {
    expect(() =>
      parseBlueprint(tiny('  tenant:\n    required: true', '["${tenant_tag_prefx}${tenant}"]'), 'tiny.yml'),
    ).toThrow(
      /tiny\.yml at resources\[0\]\.tags: \$\{tenant_tag_prefx\} is not a parameter or a built-in variable \(tenant_tag_prefix\)/,
    );
    const ok = parseBlueprint(tiny('  tenant:\n    required: true', '["${tenant_tag_prefix}${tenant}"]'), 'tiny.yml');
    expect(planSteps(ok, { tenant: 'acme' }, { tenant_tag_prefix: 'org-' }).steps[0]).toMatchObject({
      tags: ['org-acme'],
    });
  });

  it('names the file, the path inside it and the problem for a bad blueprint', async () => {
    const cases: [string, string, RegExp][] = [
      ['bad-reference', 'resources[1].attach_to', /"server" is not an earlier resource's id/],
      ['bad-field', 'resources[1].size_gigabytes', /number/],
      ['malformed', 'line', /not valid YAML/],
    ];
    for (const [name, at, problem] of cases) {
      const err = await loadBlueprint(fixtures, name).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BlueprintError);
      const e = err as BlueprintError;
      expect(e.file).toBe(`${fixtures}/${name}.yml`);
      expect(e.at).toContain(at);
      expect(e.message).toMatch(problem);
    }
    expect(() =>
      parseBlueprint(
        readFileSync(`${fixtures}/bad-field.yml`, 'utf8').replace('kind: volume', 'kind: bucket'),
        'x.yml',
      ),
    ).toThrow(/x\.yml at resources\[1\]\.kind/);
    await expect(loadBlueprint(fixtures, 'nope')).rejects.toThrow(
      /no such blueprint \(known: bad-field, bad-reference, malformed, two-droplets\)/,
    );
  });
});
