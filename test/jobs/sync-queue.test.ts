import { describe, expect, it } from 'vitest';
import { Resource } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { tokenScope } from '../../src/sync/kinds/index.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../../testkit/digitalocean/account.js';
import { enqueueSync, enqueueSyncs } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { enqueueTick, kindsOnSchedule, tickJobId } from '../../jobs/schedule.js';
import { isolation, silentLog, testConfig, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const standin = new DoStandin(generatedAccount({ droplets: 30, domains: 3 }));
useDoStandin(standin);
const redis = useRedis();
const settings = () => ({ connection: redis(), prefix: iso.prefix });

describe('cloud_sync_full queue', () => {
  it('runs a kind once when two sync requests arrive together (BullMQ deduplication)', async () => {
    const config = testConfig(iso, { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url });
    const queue = syncQueue(settings());
    const events = syncQueueEvents(settings());
    await events.waitUntilReady();
    standin.resetCounts();
    const [a, b] = await Promise.all([enqueueSync(queue, 'droplet'), enqueueSync(queue, 'droplet')]);
    expect(a.id).toBe(b.id);
    expect(await queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')).toBe(1);

    const client = new DoClient({ token: standin.token, baseUrl: standin.url });
    const worker = createSyncWorker({ queue: settings(), config, client, log: silentLog });
    try {
      const result = await a.waitUntilFinished(events);
      expect(result).toMatchObject({ kind: 'droplet', status: 'succeeded', listed: 30, created: 30 });
      expect(standin.requestCount('/v2/droplets')).toBe(2); // one page + the GPU sweep, once
      expect(await SyncRun.countDocuments({ kind: 'droplet' })).toBe(1);
      expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(30);

      // Once finished, a new request runs again.
      const again = await enqueueSync(queue, 'droplet');
      expect(again.id).not.toBe(a.id);
      expect(await again.waitUntilFinished(events)).toMatchObject({ created: 0, unchanged: 30 });
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  });

  it('fails a run whose token DO refuses at once, telling people which scope to add', async () => {
    const config = testConfig(iso, { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url });
    const queue = syncQueue(settings());
    const events = syncQueueEvents(settings());
    await events.waitUntilReady();
    standin.inject({ path: '/v2/domains', status: 403 });
    const told: string[] = [];
    // Handed the registry's scope table, as production's clients are (src/runtime.ts).
    const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, scopeOf: tokenScope });
    const worker = createSyncWorker({
      queue: settings(),
      config,
      client,
      log: silentLog,
      afterFailure: async (_kind, sentence) => void told.push(sentence),
    });
    try {
      const job = await enqueueSync(queue, 'domain', { attempts: 3, retryDelayMs: 1 });
      await expect(job.waitUntilFinished(events)).rejects.toThrow(/HTTP 403/);
      expect((await queue.getJob(String(job.id)))?.attemptsMade).toBe(1);
      await expect.poll(() => told.length).toBe(1);
      expect(told[0]).toMatch(/DIGITALOCEAN_TOKEN.*domain:read.*\(ref [0-9a-f]{8}\)/);
    } finally {
      standin.clearFaults();
      await worker.close();
      await events.close();
      await queue.close();
    }
  });

  it('gives every instance the same job id for a schedule tick, so a tick enqueues one job per kind', async () => {
    const config = testConfig(iso);
    const queue = syncQueue({ connection: redis(), prefix: `${iso.prefix}-tick` });
    try {
      const tick = new Date('2026-11-27T08:15:00Z');
      const kinds = kindsOnSchedule('default');
      const [first, second] = await Promise.all([
        enqueueTick(queue, kinds, tick, config),
        enqueueTick(queue, kinds, tick, config),
      ]);
      expect(first).toEqual(second);
      expect(first).toContain(tickJobId('droplet', tick));
      expect(await queue.getJobCountByTypes('waiting', 'delayed')).toBe(kinds.length);
      // Droplet backups wait for the droplet run of the same tick.
      expect(await queue.getJobCountByTypes('delayed')).toBe(1);
      expect(tickJobId('droplet', tick)).toBe('sync-droplet-tick-20261127T0815');
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('puts every kind on a schedule: snapshots hourly, the rest every 15 minutes', () => {
    expect(kindsOnSchedule('default')).toEqual(expect.arrayContaining(['droplet', 'domain']));
    expect(kindsOnSchedule('default')).not.toContain('snapshot');
    const config = testConfig(iso);
    expect(config.ARCADIA_SYNC_SCHEDULE).toBe('*/15 * * * *');
    expect(config.ARCADIA_SNAPSHOT_SCHEDULE).toBe('33 * * * *');
  });

  it('a full sync lists droplets once: droplet backups are held back, then handed the droplet run', async () => {
    const config = testConfig(iso, { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url });
    const queue = syncQueue(settings());
    const events = syncQueueEvents(settings());
    await events.waitUntilReady();
    const backedUp = standin.account.droplets[0]!;
    backedUp.backup_ids = [990001];
    standin.account.droplet_backups[String(backedUp.id)] = [
      {
        id: 990001,
        name: 'backup',
        regions: ['nyc3'],
        size_gigabytes: 1,
        min_disk_size: 25,
        created_at: '2025-07-01T00:00:00Z',
      },
    ];
    standin.resetCounts();
    const client = new DoClient({ token: standin.token, baseUrl: standin.url });
    // The backups job comes first in the list, yet waits for the droplet run.
    const [backups, droplets] = await enqueueSyncs(queue, ['droplet_backup', 'droplet'], () => ({}), 600_000);
    expect(await backups!.isDelayed()).toBe(true);
    const worker = createSyncWorker({ queue: settings(), config, client, log: silentLog });
    try {
      const dropletResult = await droplets!.waitUntilFinished(events);
      const backupResult = await backups!.waitUntilFinished(events);
      expect(backupResult).toMatchObject({ kind: 'droplet_backup', status: 'succeeded', listed: 1, apiCalls: 1 });
      expect(backupResult.notes.join(' ')).toContain(`read from run ${dropletResult.runId}`);
      expect(standin.requestCount('/v2/droplets')).toBe(2); // one page + the GPU sweep, once in the whole sync
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  });
});
