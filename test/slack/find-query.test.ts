import { describe, expect, it } from 'vitest';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { mongoInventoryQueries } from '../../src/slack/queries.js';
import { isolation } from '../helpers/context.js';
import { kindHarness } from '../sync/kinds/harness.js';

const h = kindHarness(isolation());

describe('/cloud find results', () => {
  it('link to the page an attribute names (a Functions namespace by its fn- id), not only by providerId', async () => {
    await h.reset();
    await h.sync(kindSpec('functions_namespace'));
    const [found] = await mongoInventoryQueries.find('webhooks');
    expect(found).toMatchObject({
      kind: 'functions_namespace',
      providerId: 'b4c1e9b0-6f43-4b31-9f4e-3a1f0d2c8e77',
      consoleUrl: 'https://cloud.digitalocean.com/functions/fn-b4c1e9b0-6f43-4b31-9f4e-3a1f0d2c8e77',
    });
  });

  it('show a certificate past its expiry as expired, not the verified DO still lists', async () => {
    await h.reset();
    await h.sync(kindSpec('certificate'));
    // legacy-wildcard's not_after (2025-07-20) has passed.
    const [legacy] = await mongoInventoryQueries.find('legacy-wildcard');
    expect(legacy).toMatchObject({
      kind: 'certificate',
      status: 'expired',
      keyFields: { expires: '2025-07-20T12:00:00Z' },
    });
  });
});
