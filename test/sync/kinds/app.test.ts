import { beforeEach, describe, expect, it } from 'vitest';
import { app, project } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness, matchInvoiceRows } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('app', () => {
  it('names an app from its spec, with its region slug, deployment phase, tier and components', async () => {
    expect(await h.sync(app)).toMatchObject({ status: 'succeeded', listed: 2, created: 2, apiCalls: 1 });
    expect(await h.stored('app', 'be5aab85-851b-4cab-b2ed-98d5a63ba4e8')).toMatchObject({
      name: 'sample-app',
      region: 'nyc',
      status: 'active',
      attrs: {
        live_url: 'https://sample-app-x7k2q.ondigitalocean.app',
        tier_slug: 'basic',
        components: [{ type: 'service', name: 'web', instance_size_slug: 'apps-s-1vcpu-0.5gb', instance_count: 1 }],
      },
    });
    const docs = await h.stored('app', '0c1ac2f4-9a2e-4d0d-8c0b-51e0cf3a3d17');
    expect(docs).toMatchObject({
      name: 'docs-site',
      region: 'ams',
      attrs: { components: [{ type: 'static_site', name: 'docs' }] },
    });
    expect(
      app.usuallyFree({ status: docs!.status ?? null, tags: [], attrs: docs!.attrs as Record<string, unknown> }),
    ).toMatch(/static-site/);
  });

  it('joins the project whose resource list names do:app:<uuid>', async () => {
    await h.sync(project);
    await h.sync(app);
    expect(await h.stored('app', 'be5aab85-851b-4cab-b2ed-98d5a63ba4e8')).toMatchObject({
      projectId: '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679',
    });
  });

  it('matches an App Platform line by the app named in its group description', async () => {
    await h.sync(app);
    const [line] = await matchInvoiceRows([['App Platform', 'sample-app', 'web - Basic (1 vCPU / 512 MiB)', '5.00']]);
    expect(line).toMatchObject({
      kind: 'app',
      reason: null,
      match: { kind: 'app', providerId: 'be5aab85-851b-4cab-b2ed-98d5a63ba4e8', via: 'name' },
    });
  });
});
