import { beforeEach, describe, expect, it } from 'vitest';
import { certificate } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('certificate', () => {
  it('keeps type, expiry, DNS names and state', async () => {
    expect(await h.sync(certificate)).toMatchObject({ status: 'succeeded', listed: 2, apiCalls: 1 });
    expect(await h.stored('certificate', 'ba9b9c18-6c59-46c2-99df-70da170a42ba')).toMatchObject({
      name: 'legacy-wildcard',
      status: 'verified',
      attrs: { type: 'custom', not_after: '2025-07-20T12:00:00Z', dns_names: ['*.example.com', 'example.com'] },
    });
    expect(certificate.usuallyFree({ status: 'verified', tags: [], attrs: {} })).toMatch(/free/);
  });
});
