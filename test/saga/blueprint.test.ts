import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBlueprint, parseBlueprint, planSteps } from '../../src/saga/blueprint.js';
import { BlueprintError, BlueprintParamError } from '../../src/saga/errors.js';
import { repoPath } from '../../src/repo-path.js';

const fixtures = repoPath('test', 'fixtures', 'blueprints');

describe('blueprints', () => {
  it('web-stack plans exactly the droplet, volume, reserved IP, A record, firewall and project steps', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    const { params, steps } = planSteps(bp, { tenant: 'acme', domain: 'example.com', firewall: 'web-fw', project: 'Acme' });
    expect(params).toEqual({ tenant: 'acme', name: 'web', region: 'nyc1', size: 's-1vcpu-1gb', domain: 'example.com', firewall: 'web-fw', project: 'Acme' });
    expect(steps.map((s) => s.kind)).toEqual(['droplet', 'volume', 'reserved_ip', 'dns_record', 'firewall_membership', 'project_assignment']);
    expect(steps[0]).toMatchObject({ name: 'acme-web', region: 'nyc1', size: 's-1vcpu-1gb', tags: ['tenant:acme'] });
    expect(steps[3]).toMatchObject({ domain: 'example.com', name: 'web', points_to: 'ip' });
    expect(steps[5]).toMatchObject({ project: 'Acme', resources: ['droplet', 'volume', 'ip'] });
  });

  it('leaves out the optional firewall and project when their parameters are not given', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    const { steps } = planSteps(bp, { tenant: 'acme', domain: 'example.com', name: 'shop', size: 's-2vcpu-4gb' });
    expect(steps.map((s) => s.id)).toEqual(['droplet', 'volume', 'ip', 'dns']);
    expect(steps[0]).toMatchObject({ name: 'acme-shop', size: 's-2vcpu-4gb' });
  });

  it('refuses missing, unknown and malformed parameters, saying which', async () => {
    const bp = await loadBlueprint(repoPath('blueprints'), 'web-stack');
    expect(() => planSteps(bp, { tenant: 'acme' })).toThrow(BlueprintParamError);
    expect(() => planSteps(bp, { tenant: 'acme' })).toThrow('parameter "domain" is required');
    expect(() => planSteps(bp, { tenant: 'acme', domain: 'x.com', colour: 'red' })).toThrow('unknown parameter "colour"');
    expect(() => planSteps(bp, { tenant: 'Acme Corp', domain: 'x.com' })).toThrow('"tenant" must match');
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
    expect(() => parseBlueprint(readFileSync(`${fixtures}/bad-field.yml`, 'utf8').replace('kind: volume', 'kind: bucket'), 'x.yml')).toThrow(/x\.yml at resources\[1\]\.kind/);
    await expect(loadBlueprint(fixtures, 'nope')).rejects.toThrow(/no such blueprint \(known: bad-field, bad-reference, malformed\)/);
  });
});
