import { describe, expect, it } from 'vitest';
import { Migration } from '../models/migration.js';
import { Resource, resourceKey } from '../models/resource.js';
import { SyncRun } from '../models/sync-run.js';
import { migrate } from '../src/migrations.js';
import { isolation, useDatabase } from './helpers/context.js';

const iso = isolation();
useDatabase(iso);

describe('migrating a database written before several DO teams', () => {
  it('gives stored resources and runs the default account, drops the single-team identity index, and runs once', async () => {
    // The state an older Arcadia left: no `account`, and a unique index on provider, kind and id.
    await Migration.deleteMany({});
    await Resource.collection.dropIndexes();
    await Resource.collection.createIndex({ provider: 1, kind: 1, providerId: 1 }, { unique: true });
    const now = new Date();
    await Resource.collection.insertOne({
      _id: resourceKey('droplet', '42') as never,
      provider: 'digitalocean',
      kind: 'droplet',
      providerId: '42',
      name: 'web',
      fingerprint: 'x',
      firstSeenAt: now,
      lastSeenAt: now,
      lastSyncRunId: 'r1',
    });
    await SyncRun.collection.insertOne({ runId: 'r1', provider: 'digitalocean', kind: 'droplet', status: 'succeeded', startedAt: now });

    expect(await migrate()).toEqual(['2026-11-accounts']);
    expect((await Resource.findById(resourceKey('droplet', '42')).lean())?.account).toBe('default');
    expect((await SyncRun.findOne({ runId: 'r1' }).lean())?.account).toBe('default');
    expect((await Resource.collection.indexes()).map((i) => i.name)).not.toContain('provider_1_kind_1_providerId_1');

    // A second team's droplet 42 can now be stored beside the first.
    await Resource.syncIndexes();
    await Resource.create({ _id: resourceKey('droplet', '42', 'staging'), account: 'staging', kind: 'droplet', providerId: '42', fingerprint: 'y', firstSeenAt: now, lastSeenAt: now, lastSyncRunId: 'r2' });
    expect(await Resource.countDocuments({ providerId: '42' })).toBe(2);
    await expect(
      Resource.create({ _id: 'another-id', account: 'staging', kind: 'droplet', providerId: '42', fingerprint: 'y', firstSeenAt: now, lastSeenAt: now, lastSyncRunId: 'r2' }),
    ).rejects.toThrow(/duplicate key/);

    expect(await migrate()).toEqual([]);
  });
});
