import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { domain, loadBalancer, managedDb, project } from '../../../src/sync/kinds/index.js';
import type { RawObject } from '../../../testkit/digitalocean/account.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const iso = isolation();
const h = kindHarness(iso);
const WEB_API = '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679';
const DEFAULT = 'addb4547-6bab-419a-8542-76263a033cf6';
const DB = '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30';
beforeEach(() => h.reset());

describe('shapes DO really sends', () => {
  it("a zone file's $ORIGIN and $TTL directives are not records", () => {
    const zone = [
      '$ORIGIN example.com.',
      '$TTL 1800',
      'example.com. IN SOA ns1.digitalocean.com. hostmaster.example.com. 1 10800 3600 604800 1800',
      '; a comment',
      '',
      'www 1800 IN A 1.2.3.4',
    ].join('\n');
    expect(domain.normalize({ name: 'example.com', ttl: 1800, zone_file: zone }).attrs).toMatchObject({
      zone_records: 2,
    });
  });

  it('a load balancer keeps its tags, domains, health check and firewall', () => {
    const raw = JSON.parse(
      readFileSync(
        new URL('../../fixtures/digitalocean/load-balancer-tagged-with-domains.json', import.meta.url),
        'utf8',
      ),
    ) as RawObject;
    const lb = loadBalancer.normalize(raw);
    expect(lb.tags).toEqual(['env:prod', 'tenant:acme']);
    expect(lb.attrs).toMatchObject({
      domains: [
        { name: 'example.com', is_managed: true, certificate_id: '892071a0-bb95-49bc-8021-3afd67a210bf' },
        { name: 'www.example.com', is_managed: false, certificate_id: null },
      ],
      health_check: {
        protocol: 'http',
        port: 80,
        path: '/',
        check_interval_seconds: 10,
        healthy_threshold: 5,
        unhealthy_threshold: 3,
      },
      firewall: { allow: ['ip:1.2.3.4', 'cidr:2.3.4.0/24'], deny: ['cidr:1.2.0.0/16', 'ip:2.3.4.5'] },
      project_id: WEB_API,
    });
  });

  it('project resources DO lists as not_found are reported as such, and belong to no project', async () => {
    const notYet = (notes: string[]) =>
      /(\d+) project resource\(s\) are not in the inventory yet/.exec(notes.join('\n'))?.[1];
    const before = notYet((await h.sync(project)).notes);
    const resources = h.standin.account.project_resources[WEB_API]!;
    resources.push({
      urn: 'do:droplet:99999999',
      assigned_at: '2025-05-01T00:00:00Z',
      links: { self: 'https://api.digitalocean.com/v2/droplets/99999999' },
      status: 'not_found',
    });
    const result = await h.sync(project);
    expect(result.notes.join('\n')).toMatch(/1 project resource\(s\) DO reports as not_found .*do:droplet:99999999/);
    // Not counted among the resources whose kind has not synced them yet.
    expect(notYet(result.notes)).toBe(before);
    const web = await h.stored('project', WEB_API);
    expect(web?.attrs).toMatchObject({ not_found_urns: ['do:droplet:99999999'] });
    expect((web?.attrs as { resource_urns: string[] }).resource_urns).not.toContain('do:droplet:99999999');
  });

  it.each([
    ['the project kind first', [project, managedDb]],
    ['the database kind first', [managedDb, project]],
  ])("a resource's own project_id places it when the project listing lacks it (%s)", async (_order, specs) => {
    // DO's listing of my-web-api lags: it no longer names the database, whose own project_id still does.
    h.standin.account.project_resources[WEB_API] = h.standin.account.project_resources[WEB_API]!.filter(
      (r) => r.urn !== `do:dbaas:${DB}`,
    );
    for (const spec of specs) await h.sync(spec);
    expect((await h.stored('managed_db', DB))?.projectId).toBe(WEB_API);
    expect(DEFAULT).not.toBe(WEB_API);
  });
});
