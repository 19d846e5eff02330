import { beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../../models/resource.js';
import { makeDroplet } from '../../../testkit/digitalocean/account.js';
import { kindsOnSchedule } from '../../../jobs/schedule.js';
import { volume } from '../../../src/sync/kinds/index.js';
import { snapshot } from '../../../src/sync/kinds/index.js';
import { BACKUP_DETAIL_CALLS_PER_RUN, droplet, dropletBackup } from '../../../src/sync/kinds/index.js';
import { isolation } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const h = kindHarness(isolation());
beforeEach(() => h.reset());

describe('volume', () => {
  it('stores size, region, filesystem and attached droplet ids from the fixture', async () => {
    const result = await h.sync(volume);
    expect(result).toMatchObject({ status: 'succeeded', listed: 3, created: 3, apiCalls: 1 });
    expect(await h.stored('volume', '506f78a4-e098-11e5-ad9f-000f53306ae1')).toMatchObject({
      name: 'assets-data',
      region: 'nyc3',
      status: 'attached',
      tags: ['env:prod'],
      attrs: {
        size_gigabytes: 100,
        filesystem_type: 'ext4',
        filesystem_label: 'assets',
        description: 'Static assets for assets.example.com',
        droplet_ids: ['3164459'],
        created_at: '2016-03-02T17:00:49Z',
      },
    });
    expect(await h.stored('volume', '506f78a4-e098-11e5-ad9f-000f53305eb2')).toMatchObject({
      region: 'nyc1',
      status: 'unattached',
      attrs: { droplet_ids: [] },
    });
  });

  it('a volume detached from its droplet is updated in place', async () => {
    await h.sync(volume);
    h.standin.account.volumes[0]!.droplet_ids = null;
    const second = await h.sync(volume);
    expect(second).toMatchObject({ listed: 3, created: 0, updated: 1, unchanged: 2 });
    expect(await h.stored('volume', '506f78a4-e098-11e5-ad9f-000f53306ae1')).toMatchObject({
      status: 'unattached',
      attrs: { droplet_ids: [] },
    });
  });
});

describe('snapshot', () => {
  it('stores droplet and volume snapshots as one kind, told apart by attrs.resource_type', async () => {
    const result = await h.sync(snapshot);
    expect(result).toMatchObject({ status: 'succeeded', listed: 4, created: 4, apiCalls: 1 });
    // One sweep without a resource_type filter returns both types.
    expect(h.standin.requestCount('/v2/snapshots')).toBe(1);
    expect(await h.stored('snapshot', '67512819')).toMatchObject({
      name: 'example.com-1595954862243',
      region: 'nyc3',
      tags: ['web', 'env:prod'],
      attrs: {
        resource_type: 'droplet',
        resource_id: '3164444',
        size_gigabytes: 2.34,
        min_disk_size: 25,
        regions: ['nyc3'],
        created_at: '2020-07-28T16:47:44Z',
      },
    });
    expect(await h.stored('snapshot', '8eb4d51a-873f-11e6-96bf-000f53315a41')).toMatchObject({
      // `tags: null` in the fixture.
      tags: [],
      attrs: {
        resource_type: 'volume',
        resource_id: '7724db7c-e098-11e5-b522-000f53304e51',
        size_gigabytes: 1.5,
        min_disk_size: 10,
        regions: ['nyc3'],
      },
    });
    const types = await Resource.distinct('attrs.resource_type', { kind: 'snapshot' });
    expect(types.sort()).toEqual(['droplet', 'volume']);
  });

  it('is synced on the hourly schedule, not every 15 minutes', () => {
    expect(kindsOnSchedule('hourly')).toEqual(['snapshot']);
    expect(kindsOnSchedule('default')).not.toContain('snapshot');
  });
});

describe('droplet_backup', () => {
  it('handed a finished droplet run, reads that listing back instead of listing droplets again, to the same result', async () => {
    const alone = await h.sync(dropletBackup);
    const aloneStored = await Resource.find({ kind: 'droplet_backup' }, { _id: 1, attrs: 1 }).sort({ _id: 1 }).lean();
    await h.reset();
    const dropletRun = await h.sync(droplet);
    h.standin.resetCounts();
    const followed = await h.sync(dropletBackup, { upstreamRunId: dropletRun.runId });
    expect(h.standin.requestCount('/v2/droplets')).toBe(0);
    expect(followed).toMatchObject({
      status: 'succeeded',
      listed: alone.listed,
      created: alone.created,
      apiCalls: alone.apiCalls - 2,
    });
    expect(followed.notes.join(' ')).toMatch(/read from run/);
    expect(await Resource.find({ kind: 'droplet_backup' }, { _id: 1, attrs: 1 }).sort({ _id: 1 }).lean()).toEqual(
      aloneStored,
    );

    // A droplet deleted since (and marked stale by the droplet run) takes its backups with it.
    h.standin.account.droplets = h.standin.account.droplets.filter((d) => d.id !== 3164444);
    const next = await h.sync(droplet, { force: true });
    const after = await h.sync(dropletBackup, { upstreamRunId: next.runId, force: true });
    expect(after).toMatchObject({ listed: 0, markedStale: 2 });
  });

  it('lists droplets itself when the run it was handed did not complete a listing', async () => {
    h.standin.inject({ path: '/v2/droplets', status: 500 });
    await expect(h.sync(droplet)).rejects.toThrow();
    h.standin.clearFaults();
    h.standin.resetCounts();
    const result = await h.sync(dropletBackup, { upstreamRunId: 'droplet-1' });
    expect(result).toMatchObject({ status: 'succeeded', listed: 2 });
    expect(result.notes.join(' ')).toMatch(/did not complete a listing; droplets listed again/);
    expect(h.standin.requestCount('/v2/droplets')).toBe(2);
  });

  it('lists backups per droplet that has any, with the droplet id in attrs', async () => {
    const result = await h.sync(dropletBackup);
    // Droplets (plus the GPU sweep), then one /backups call for the one droplet with backups.
    expect(result).toMatchObject({ status: 'succeeded', listed: 2, created: 2, apiCalls: 3 });
    expect(h.standin.requestCount('/v2/droplets/3164444/backups')).toBe(1);
    expect(h.standin.requestCount('/v2/droplets/3164459/backups')).toBe(0);
    expect(await h.stored('droplet_backup', '53893572')).toMatchObject({
      name: 'example.com- 2025-06-23',
      region: 'nyc3',
      attrs: {
        droplet_id: '3164444',
        size_gigabytes: 2.39,
        min_disk_size: 25,
        regions: ['nyc3'],
        created_at: '2025-06-23T01:44:35Z',
        distribution: 'Ubuntu',
      },
    });
  });

  it('does not call /backups again while backup_ids are unchanged, and calls once when they change', async () => {
    await h.sync(dropletBackup);
    h.standin.resetCounts();
    const second = await h.sync(dropletBackup);
    expect(second).toMatchObject({ listed: 2, created: 0, updated: 0, unchanged: 2, markedStale: 0, apiCalls: 2 });
    expect(h.standin.requestCount('/v2/droplets/3164444/backups')).toBe(0);

    // A new weekly backup: the oldest rotates out, one appears.
    const droplet = h.standin.account.droplets[0]!;
    droplet.backup_ids = [54012744, 54100001];
    const backups = h.standin.account.droplet_backups['3164444']!;
    backups.splice(0, 1);
    backups.push({ ...backups[0]!, id: 54100001, name: 'example.com- 2025-07-07', created_at: '2025-07-07T01:40:00Z' });
    const third = await h.sync(dropletBackup);
    expect(third).toMatchObject({ listed: 2, created: 1, unchanged: 1, markedStale: 1, apiCalls: 3 });
    expect(third.newlyStale.map((r) => r.providerId)).toEqual(['53893572']);
    expect(await h.stored('droplet_backup', '54100001')).toMatchObject({
      attrs: { droplet_id: '3164444', created_at: '2025-07-07T01:40:00Z' },
    });
  });

  it('stays within its per-run call budget, listing deferred backups from backup_ids until their turn', async () => {
    const many = BACKUP_DETAIL_CALLS_PER_RUN + 5;
    for (let i = 0; i < many; i += 1) {
      const id = 400_000_000 + i;
      h.standin.account.droplets.push(makeDroplet(id, { features: ['backups'], backup_ids: [id + 1_000_000_000] }));
      h.standin.account.droplet_backups[String(id)] = [
        {
          id: id + 1_000_000_000,
          name: `node-${id} backup`,
          regions: ['nyc3'],
          size_gigabytes: 1.5,
          min_disk_size: 25,
          created_at: '2025-07-01T00:00:00Z',
          type: 'backup',
        },
      ];
    }
    // The fixture's example.com has backups too: BACKUP_DETAIL_CALLS_PER_RUN + 6 droplets need a call.
    const deferredDroplets = many + 1 - BACKUP_DETAIL_CALLS_PER_RUN;
    const first = await h.sync(dropletBackup);
    // Every backup is listed at once, from backup_ids; details wait for the deferred droplets.
    expect(first.listed).toBe(2 + many);
    expect(first.apiCalls).toBe(2 + BACKUP_DETAIL_CALLS_PER_RUN);
    expect(first.notes.join('\n')).toContain(`${deferredDroplets} droplet(s) deferred`);
    const withoutDetails = await Resource.countDocuments({ kind: 'droplet_backup', 'attrs.size_gigabytes': null });
    expect(withoutDetails).toBeGreaterThanOrEqual(deferredDroplets);
    const deferred = await Resource.findOne({ kind: 'droplet_backup', 'attrs.size_gigabytes': null }).lean();
    expect(deferred?.attrs).toMatchObject({ droplet_id: expect.any(String) });

    const second = await h.sync(dropletBackup);
    expect(second).toMatchObject({ listed: 2 + many, created: 0, markedStale: 0, updated: withoutDetails });
    expect(second.apiCalls).toBe(2 + deferredDroplets);
    expect(await Resource.countDocuments({ kind: 'droplet_backup', 'attrs.size_gigabytes': null })).toBe(0);
  });

  it('skips a droplet deleted between the listing and its /backups call', async () => {
    h.standin.inject({ path: '/v2/droplets/3164444/backups', status: 404 });
    const result = await h.sync(dropletBackup);
    expect(result).toMatchObject({ status: 'succeeded', listed: 0 });
  });
});
