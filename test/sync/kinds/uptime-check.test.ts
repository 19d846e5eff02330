import { beforeEach, describe, expect, it } from 'vitest';
import { uptimeCheck } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness, matchInvoiceRows } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('uptime_check', () => {
  it('keeps target, type and regions, and says whether the check is enabled', async () => {
    expect(await h.sync(uptimeCheck)).toMatchObject({ status: 'succeeded', listed: 2, apiCalls: 1 });
    expect(await h.stored('uptime_check', '7f3c2a10-4b5e-4c8d-9a61-2f0e8d1b7c34')).toMatchObject({
      name: 'example.com homepage',
      status: 'enabled',
      attrs: { type: 'https', target: 'https://example.com', regions: ['us_east', 'eu_west'] },
    });
    expect(await h.stored('uptime_check', '0f7d5f2c-1a47-4ed0-8c5e-3c5ef1d5a0b9')).toMatchObject({
      status: 'disabled',
    });
  });

  it('an Uptime line is the account’s, explained rather than left unknown', async () => {
    await h.sync(uptimeCheck);
    const [line] = await matchInvoiceRows([['Uptime', '', 'Uptime checks', '2.00']]);
    expect(line).toMatchObject({
      kind: 'uptime_check',
      match: null,
      reason: 'no_inventory_surface',
      detail: expect.stringMatching(/charged to the account/),
    });
  });
});
