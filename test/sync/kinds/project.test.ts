import { beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../../models/resource.js';
import { KIND_SPECS, kindSpec } from '../../../src/sync/kinds/index.js';
import type { KindSpec } from '../../../src/sync/kind-spec.js';
import { project } from '../../../src/sync/kinds/index.js';
import { droplet } from '../../../src/sync/kinds/index.js';
import { isolation, testConfig } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const iso = isolation();
const h = kindHarness(iso);
const WEB_API = '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679';
const DEFAULT = 'addb4547-6bab-419a-8542-76263a033cf6';
beforeEach(() => h.reset());

async function syncEveryKind(order: readonly KindSpec[] = KIND_SPECS) {
  const config = testConfig(iso, h.spacesEnv());
  const results = [];
  for (const spec of order) results.push(await h.sync(spec, { config }));
  return results;
}

async function projectIds(kind: string): Promise<Record<string, string | null>> {
  const docs = await Resource.find({ kind }, { providerId: 1, projectId: 1 }).lean();
  return Object.fromEntries(docs.map((d) => [d.providerId, d.projectId ?? null]));
}

/** Where the sample account's resources belong: my-web-api's URN list, everything else in Default. */
const EXPECTED: Record<string, Record<string, string | null>> = {
  droplet: { '3164444': WEB_API, '3164459': WEB_API, '3164412': DEFAULT, '205545370': DEFAULT, '205545371': DEFAULT },
  volume: {
    '506f78a4-e098-11e5-ad9f-000f53306ae1': WEB_API,
    '7724db7c-e098-11e5-b522-000f53304e51': DEFAULT,
    '506f78a4-e098-11e5-ad9f-000f53305eb2': DEFAULT,
  },
  floating_ip: { '45.55.96.47': WEB_API, '45.55.96.50': WEB_API },
  load_balancer: { '4de7ac8b-495b-4884-9a69-1050c6793cd6': WEB_API, '56775c3f-04ab-4fb3-a7ed-40ef9bc8eece': WEB_API },
  domain: { 'example.com': WEB_API },
  managed_db: { '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30': WEB_API },
  kubernetes_cluster: { 'bd5f5959-5e1e-4205-a714-a914373942af': WEB_API },
  spaces_bucket: { 'my-website-assets': WEB_API },
  // Not assignable to projects: no project at all.
  firewall: { 'fb6045f1-cf1d-4ca3-bfac-18832663025b': null, 'bb4b2611-3d72-467b-8602-280330ecd65c': null },
  snapshot: {
    '67512819': null,
    '6372321': null,
    '8eb4d51a-873f-11e6-96bf-000f53315a41': null,
    'fbe805e8-866b-11e6-96bf-000f53315a41': null,
  },
  droplet_backup: { '53893572': null, '54012744': null },
};

describe('project', () => {
  it('stores name, purpose, environment, is_default and the URNs of its resources, fetching no list for Default', async () => {
    const result = await h.sync(project);
    expect(result).toMatchObject({ status: 'succeeded', listed: 2, created: 2, apiCalls: 2 });
    expect(h.standin.requestCount(`/v2/projects/${WEB_API}/resources`)).toBe(1);
    expect(h.standin.requestCount(`/v2/projects/${DEFAULT}/resources`)).toBe(0);
    const web = await h.stored('project', WEB_API);
    expect(web).toMatchObject({
      name: 'my-web-api',
      attrs: {
        purpose: 'Service or API',
        environment: 'Production',
        is_default: false,
        description: 'My website API',
        resource_counts: {
          droplet: 2,
          volume: 1,
          floating_ip: 2,
          load_balancer: 2,
          domain: 1,
          spaces_bucket: 1,
          kubernetes_cluster: 1,
          managed_db: 1,
          app: 1,
        },
      },
    });
    expect((web!.attrs as { resource_urns: string[] }).resource_urns).toHaveLength(12);
    expect(await h.stored('project', DEFAULT)).toMatchObject({
      name: 'Default',
      attrs: {
        is_default: true,
        environment: 'Development',
        purpose: 'Just trying out DigitalOcean',
        resource_urns: null,
      },
    });
    // Every URN type in the sample is a kind's now, the app included.
    expect(result.notes.join('\n')).not.toContain('does not inventory');
  });

  it("gives every resource its project's id, and Default to those no project lists", async () => {
    const results = await syncEveryKind();
    expect(results.every((r) => r.status === 'succeeded')).toBe(true);
    for (const [kind, expected] of Object.entries(EXPECTED))
      expect({ kind, ids: await projectIds(kind) }).toEqual({ kind, ids: expected });
  });

  it('comes out the same when the project sync runs last', async () => {
    const order = [...KIND_SPECS.filter((s) => s.kind !== 'project'), project];
    await syncEveryKind(order);
    for (const [kind, expected] of Object.entries(EXPECTED))
      expect({ kind, ids: await projectIds(kind) }).toEqual({ kind, ids: expected });
  });

  it('writes only projectIds that differ: none when nothing moved, one when one droplet moved', async () => {
    await syncEveryKind();
    const again = await h.sync(project);
    expect(again.notes.join('\n')).toMatch(/checked, 0 changed/);
    const droplets = await h.sync(droplet);
    expect(droplets.notes.join('\n')).not.toMatch(/project set on/);

    // 3164459 leaves my-web-api, so it is in Default now.
    const resources = h.standin.account.project_resources[WEB_API]!;
    h.standin.account.project_resources[WEB_API] = resources.filter((r) => r.urn !== 'do:droplet:3164459');
    const moved = await h.sync(project);
    expect(moved.notes.join('\n')).toMatch(/checked, 1 changed/);
    expect((await h.stored('droplet', '3164459'))?.projectId).toBe(DEFAULT);
    expect((await h.stored('droplet', '3164444'))?.projectId).toBe(WEB_API);
  });

  it('keeps and reports URN types it does not know, without failing', async () => {
    h.standin.account.project_resources[WEB_API]!.push(
      { urn: 'do:registry:team-registry' },
      { urn: 'not-a-urn' },
      { urn: 'do:reservedipv6:2604:a880::1' },
    );
    const result = await h.sync(project);
    expect(result.status).toBe('succeeded');
    expect(result.notes.join('\n')).toMatch(/does not inventory: .*unknown:registry 1/);
    expect(result.notes.join('\n')).toMatch(/malformed 1/);
    // A reserved IPv6 URN keeps its colons and resolves to its kind.
    expect((await h.stored('project', WEB_API))?.attrs).toMatchObject({
      resource_counts: { 'unknown:registry': 1, malformed: 1, reserved_ipv6: 1 },
    });
  });

  it('a resource listed before any project sync keeps no projectId until projects are known', async () => {
    await h.sync(kindSpec('droplet'));
    expect(Object.values(await projectIds('droplet')).every((p) => p === null)).toBe(true);
  });
});
