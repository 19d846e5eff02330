import { beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../../models/resource.js';
import { SyncRun } from '../../../models/sync-run.js';
import { managedDb } from '../../../src/sync/kinds/index.js';
import { kubernetesCluster } from '../../../src/sync/kinds/index.js';
import { spacesBucket } from '../../../src/sync/kinds/index.js';
import { SpacesApiError } from '../../../src/digitalocean/spaces.js';
import { isolation, testConfig } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const iso = isolation();
const h = kindHarness(iso);
beforeEach(() => h.reset());

describe('managed_db', () => {
  it('stores engine, version, size and region, and no credential', async () => {
    const result = await h.sync(managedDb);
    expect(result).toMatchObject({ status: 'succeeded', listed: 1, created: 1, apiCalls: 1 });
    const db = await h.stored('managed_db', '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30');
    expect(db).toMatchObject({
      name: 'backend',
      region: 'nyc3',
      status: 'online',
      tags: ['production'],
      attrs: {
        engine: 'pg',
        version: '16',
        num_nodes: 1,
        size: 'db-s-2vcpu-4gb',
        storage_size_mib: 61440,
        users: ['doadmin'],
        db_names: ['defaultdb'],
      },
    });
    const attrs = db!.attrs as Record<string, unknown>;
    expect(attrs).not.toHaveProperty('connection');
    expect(attrs).not.toHaveProperty('private_connection');
    // Nowhere in the stored document: not the password, not a connection string.
    const text = JSON.stringify(await Resource.find({}).lean());
    expect(text).not.toContain('wv78n3zpz42xezdk');
    expect(text).not.toContain('postgres://');
    expect(text).not.toMatch(/password/i);
  });
});

describe('kubernetes_cluster', () => {
  it('stores region, version, status and the worker droplet ids of each pool', async () => {
    const result = await h.sync(kubernetesCluster);
    expect(result).toMatchObject({ status: 'succeeded', listed: 1, created: 1 });
    expect(await h.stored('kubernetes_cluster', 'bd5f5959-5e1e-4205-a714-a914373942af')).toMatchObject({
      name: 'prod-cluster-01',
      region: 'nyc1',
      status: 'running',
      attrs: {
        version: '1.31.1-do.5',
        ha: false,
        node_droplet_ids: ['205545370', '205545371'],
        node_pools: [{ name: 'frontend-pool', size: 's-1vcpu-2gb', count: 2, droplet_ids: ['205545370', '205545371'] }],
      },
    });
  });
});

describe('spaces_bucket', () => {
  it('without Spaces keys: succeeds with nothing listed, says why, and marks nothing stale', async () => {
    await h.sync(spacesBucket, { config: testConfig(iso, h.spacesEnv()) });
    expect(await Resource.countDocuments({ kind: 'spaces_bucket', stale: false })).toBe(1);
    const result = await h.sync(spacesBucket);
    expect(result).toMatchObject({ status: 'succeeded', listed: 0, markedStale: 0, apiCalls: 0 });
    expect(result.notes).toContain(
      'skipped: Spaces keys not configured (set ARCADIA_SPACES_KEY and ARCADIA_SPACES_SECRET)',
    );
    expect(await Resource.countDocuments({ kind: 'spaces_bucket', stale: false })).toBe(1);
    // A skipped run is not a complete listing, so it does not vouch for the buckets being there.
    expect(await SyncRun.findOne({ runId: result.runId }).lean()).toMatchObject({
      status: 'succeeded',
      listingCompletedAt: null,
    });
  });

  it('with keys: lists each configured region through the S3 API, deduped by name', async () => {
    h.standin.account.spaces_buckets.ams3 = [
      { Name: 'eu-backups', CreationDate: '2024-05-01T00:00:00.000Z' },
      // The same name again from another region is one bucket.
      { Name: 'my-website-assets', CreationDate: '2024-03-01T10:00:00.000Z' },
    ];
    const result = await h.sync(spacesBucket, { config: testConfig(iso, h.spacesEnv('nyc3,ams3,fra1')) });
    expect(result).toMatchObject({ status: 'succeeded', listed: 2, created: 2, apiCalls: 0 });
    expect(result.notes).toContain('2 bucket(s) from 3 Spaces region(s), 3 S3 request(s)');
    expect(await h.stored('spaces_bucket', 'my-website-assets')).toMatchObject({
      name: 'my-website-assets',
      region: 'nyc3',
      attrs: { created_at: '2024-03-01T10:00:00.000Z' },
    });
    expect(await h.stored('spaces_bucket', 'eu-backups')).toMatchObject({ region: 'ams3' });
  });

  it('fails the run, naming the region and never the secret, when Spaces refuses the keys', async () => {
    const config = testConfig(iso, {
      ...h.spacesEnv(),
      ARCADIA_SPACES_KEY: 'WRONGKEY',
      ARCADIA_SPACES_SECRET: 'very-secret-value',
    });
    const err = await h.sync(spacesBucket, { config }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpacesApiError);
    expect((err as Error).message).toMatch(/nyc3.*InvalidAccessKeyId/);
    expect((err as Error).message).not.toContain('very-secret-value');
  });
});
