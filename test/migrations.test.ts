import { describe, expect, it } from 'vitest';
import { InvoiceLine } from '../models/invoice-line.js';
import { Migration } from '../models/migration.js';
import { Resource, resourceKey } from '../models/resource.js';
import { SyncRun } from '../models/sync-run.js';
import { dropOlderGenerations, newGeneration } from '../src/invoice/invoice-store.js';
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
    await SyncRun.collection.insertOne({
      runId: 'r1',
      provider: 'digitalocean',
      kind: 'droplet',
      status: 'succeeded',
      startedAt: now,
    });

    expect(await migrate()).toEqual(['2026-11-accounts', '2026-12-invoice-line-buckets']);
    expect((await Resource.findById(resourceKey('droplet', '42')).lean())?.account).toBe('default');
    expect((await SyncRun.findOne({ runId: 'r1' }).lean())?.account).toBe('default');
    expect((await Resource.collection.indexes()).map((i) => i.name)).not.toContain('provider_1_kind_1_providerId_1');

    // A second team's droplet 42 can now be stored beside the first.
    await Resource.syncIndexes();
    await Resource.create({
      _id: resourceKey('droplet', '42', 'staging'),
      account: 'staging',
      kind: 'droplet',
      providerId: '42',
      fingerprint: 'y',
      firstSeenAt: now,
      lastSeenAt: now,
      lastSyncRunId: 'r2',
    });
    expect(await Resource.countDocuments({ providerId: '42' })).toBe(2);
    await expect(
      Resource.create({
        _id: 'another-id',
        account: 'staging',
        kind: 'droplet',
        providerId: '42',
        fingerprint: 'y',
        firstSeenAt: now,
        lastSeenAt: now,
        lastSyncRunId: 'r2',
      }),
    ).rejects.toThrow(/duplicate key/);

    expect(await migrate()).toEqual([]);
  });
});

describe('migrating invoice lines stored before buckets', () => {
  it(
    'gives each its bucket from its order, so they are deleted a bucket at a time like new ones',
    { timeout: 120_000 },
    async () => {
      // Two generations of one invoice as an older Arcadia wrote them: no `bucket`.
      const legacy = (generation: string, lines: number) =>
        Array.from({ length: lines }, (_, seq) => ({
          _id: `${generation}:${seq}`,
          period: '2025-06',
          generation,
          invoiceId: 'inv-1',
          seq,
          line: seq + 2,
          amountCents: 100,
        }));
      await InvoiceLine.collection.insertMany([...legacy('g1', 25_000), ...legacy('g2', 3)] as never[]);
      await Migration.deleteOne({ _id: '2026-12-invoice-line-buckets' });

      expect(await migrate()).toEqual(['2026-12-invoice-line-buckets']);
      expect(await InvoiceLine.countDocuments({ bucket: { $exists: false } })).toBe(0);
      expect(await InvoiceLine.countDocuments({ generation: 'g1', bucket: 2 })).toBe(5_000);
      expect((await InvoiceLine.findById('g1:19999').lean())?.bucket).toBe(1);
      expect((await InvoiceLine.findById('g1:20000').lean())?.bucket).toBe(2);
      expect((await InvoiceLine.findById('g2:2').lean())?.bucket).toBe(0);

      // Both are older than any generation written under a lease: both go.
      await dropOlderGenerations('inv-1', newGeneration(1));
      expect(await InvoiceLine.countDocuments({ invoiceId: 'inv-1' })).toBe(0);
      expect(await migrate()).toEqual([]);
    },
  );
});

describe('several processes starting on a fresh database at once', () => {
  it('all migrate without error, each step recorded once', async () => {
    await Migration.deleteMany({});
    // With the single-team index still there, so they race to drop it too.
    await Resource.deleteMany({});
    await Resource.collection.dropIndexes();
    await Resource.collection.createIndex({ provider: 1, kind: 1, providerId: 1 }, { unique: true });
    // As several `arcadia worker` processes started together do, each running every step and recording it.
    const ran = await Promise.all(Array.from({ length: 6 }, () => migrate()));
    expect(ran.every((ids) => ids.length === 2)).toBe(true);
    expect((await Migration.find({}).lean()).map((m) => m._id).sort()).toEqual([
      '2026-11-accounts',
      '2026-12-invoice-line-buckets',
    ]);
    expect((await Resource.collection.indexes()).map((i) => i.name)).not.toContain('provider_1_kind_1_providerId_1');
    await Resource.syncIndexes();
  });
});
