import { beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../../models/resource.js';
import { customImage } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness, matchInvoiceRows } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('custom_image', () => {
  it('lists the account’s own images and keeps only custom ones (snapshots are the snapshot kind’s)', async () => {
    const paths: string[] = [];
    const listener = (req: { path: string }) => paths.push(req.path);
    h.standin.onRequest(listener);
    expect(await h.sync(customImage)).toMatchObject({ status: 'succeeded', listed: 1, apiCalls: 1 });
    h.standin.removeListener(listener as never);
    expect(paths).toEqual(['/v2/images']);
    expect(await Resource.countDocuments({ kind: 'custom_image' })).toBe(1);
    expect(await h.stored('custom_image', '184512308')).toMatchObject({
      name: 'golden-ubuntu-2404',
      region: 'nyc3',
      status: 'available',
      tags: ['base-image'],
      attrs: { distribution: 'Ubuntu', size_gigabytes: 2.98, regions: ['nyc3', 'sfo3'], error_message: null },
    });
  });

  it('a "Custom Images" line matches the image by name', async () => {
    await h.sync(customImage);
    const [line] = await matchInvoiceRows([['Custom Images', '', 'golden-ubuntu-2404 (2.98 GiB)', '0.18']]);
    expect(line).toMatchObject({ kind: 'custom_image', match: { providerId: '184512308' } });
  });
});
