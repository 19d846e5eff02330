import { beforeEach, describe, expect, it } from 'vitest';
import { functionsNamespace } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness, matchInvoiceRows } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('functions_namespace', () => {
  it('keeps label, region and host from an unpaged list, and never the namespace key', async () => {
    expect(await h.sync(functionsNamespace)).toMatchObject({ status: 'succeeded', listed: 1, apiCalls: 1 });
    const stored = await h.stored('functions_namespace', 'b4c1e9b0-6f43-4b31-9f4e-3a1f0d2c8e77');
    expect(stored).toMatchObject({
      name: 'webhooks',
      region: 'nyc1',
      attrs: {
        namespace: 'fn-b4c1e9b0-6f43-4b31-9f4e-3a1f0d2c8e77',
        api_host: 'https://faas-nyc1-2ef2e6cc.doserverless.co',
      },
    });
    expect(JSON.stringify(stored)).not.toContain('standin-namespace-key');
  });

  it('a Functions line matches the namespace by its label', async () => {
    await h.sync(functionsNamespace);
    const [line] = await matchInvoiceRows([['Functions', '', 'webhooks', '0.85']]);
    expect(line).toMatchObject({
      kind: 'functions_namespace',
      match: { providerId: 'b4c1e9b0-6f43-4b31-9f4e-3a1f0d2c8e77' },
    });
  });
});
