import { beforeEach, describe, expect, it } from 'vitest';
import { cdnEndpoint } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness, matchInvoiceRows } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('cdn_endpoint', () => {
  it('is named by its custom domain, keeping origin, endpoint, certificate and TTL', async () => {
    expect(await h.sync(cdnEndpoint)).toMatchObject({ status: 'succeeded', listed: 1, apiCalls: 1 });
    expect(await h.stored('cdn_endpoint', '19f06b6a-3ace-4315-b086-499a0e521b76')).toMatchObject({
      name: 'static.example.com',
      attrs: {
        origin: 'my-website-assets.nyc3.digitaloceanspaces.com',
        endpoint: 'my-website-assets.nyc3.cdn.digitaloceanspaces.com',
        certificate_id: '892071a0-bb95-49bc-8021-3afd67a210bf',
        ttl: 3600,
      },
    });
  });

  it('a CDN line is transfer billed to the account, not an endpoint', async () => {
    await h.sync(cdnEndpoint);
    const [line] = await matchInvoiceRows([['Spaces CDN', '', 'static.example.com', '1.20']]);
    expect(line).toMatchObject({ kind: 'cdn_endpoint', match: null, reason: 'no_inventory_surface' });
  });
});
