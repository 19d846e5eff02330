import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadConfig } from '../../src/config.js';
import { groupByChannel, routeFor } from '../../src/routing/routes.js';

const routes = loadConfig({
  ARCADIA_ROUTES: JSON.stringify([
    { project: 'my-web-api', channel: 'C0WEB' },
    { tenant: 'acme', channel: 'C0ACME' },
    { tag: 'env:prod', channel: 'C0PROD' },
  ]),
}).ARCADIA_ROUTES;

const item = (
  over: Partial<{
    projectId: string | null;
    projectName: string | null;
    tags: string[];
    tenant: string | null;
    id: string;
  }>,
) => ({
  projectId: null,
  projectName: null,
  tags: [],
  tenant: null,
  id: '',
  ...over,
});

describe('ARCADIA_ROUTES', () => {
  it('routes by project name or id, tenant and tag, first rule first', () => {
    expect(routeFor(item({ projectName: 'my-web-api', tenant: 'acme' }), routes)).toBe('C0WEB');
    expect(routeFor(item({ projectId: 'my-web-api' }), routes)).toBe('C0WEB');
    expect(routeFor(item({ tenant: 'acme', tags: ['env:prod'] }), routes)).toBe('C0ACME');
    expect(routeFor(item({ tags: ['env:prod'] }), routes)).toBe('C0PROD');
    expect(routeFor(item({ tags: ['env:stage'] }), routes)).toBeNull();
  });

  it('groups into one list per channel, the unrouted in the alerts channel, or dropped without one', () => {
    const items = [item({ id: 'a', tags: ['env:prod'] }), item({ id: 'b' }), item({ id: 'c', tags: ['env:prod'] })];
    const groups = groupByChannel(items, routes, 'C0ALERTS');
    expect([...groups].map(([c, list]) => [c, list.map((i) => i.id)])).toEqual([
      ['C0PROD', ['a', 'c']],
      ['C0ALERTS', ['b']],
    ]);
    expect([...groupByChannel(items, routes, undefined).keys()]).toEqual(['C0PROD']);
  });

  it('refuses bad rules with one sentence per problem', () => {
    const bad = (value: string) => {
      try {
        loadConfig({ ARCADIA_ROUTES: value });
      } catch (err) {
        return (err as ConfigError).issues.map((i) => `${i.variable}: ${i.problem}`);
      }
      return [];
    };
    expect(bad('not json')).toEqual([
      'ARCADIA_ROUTES: must be a JSON array of rules, e.g. [{"project":"web","channel":"C0123ABCD"}]',
    ]);
    expect(bad('[{"project":"web","tag":"x","channel":"C0123"}]')[0]).toContain(
      'exactly one of project, tag or tenant',
    );
    expect(bad('[{"project":"web","channel":"#general"}]')[0]).toContain('must be a Slack channel id');
    expect(bad('[{"projct":"web","channel":"C0123"}]')).not.toEqual([]);
  });
});
