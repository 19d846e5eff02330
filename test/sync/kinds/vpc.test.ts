import { beforeEach, describe, expect, it } from 'vitest';
import { vpc } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('vpc', () => {
  it('keeps the range, the default flag and the region slug; free, so never missed on an invoice', async () => {
    expect(await h.sync(vpc)).toMatchObject({ status: 'succeeded', listed: 2, created: 2, apiCalls: 1 });
    expect(await h.stored('vpc', '760e09ef-dc84-11e8-981e-3cfdfeaae000')).toMatchObject({
      name: 'default-nyc3',
      region: 'nyc3',
      attrs: { ip_range: '10.116.0.0/20', default: true },
    });
    expect(await h.stored('vpc', '5a4981aa-9653-4bd1-bef5-d6bff52042e4')).toMatchObject({
      name: 'prod-private',
      attrs: { default: false, description: 'Production network' },
    });
    expect(vpc.usuallyFree({ status: 'active', tags: [], attrs: {} })).toMatch(/free/);
  });
});
