import { describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource, resourceKey } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { doAccounts } from '../../src/digitalocean/accounts.js';
import type { DoAuthError } from '../../src/errors.js';
import { ingestInvoiceFile, invoiceReport } from '../../src/invoice/index.js';
import { runSync } from '../../src/sync/engine.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { emptyAccount, generatedAccount, makeDroplet } from '../../testkit/digitalocean/account.js';
import { enqueueSync } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { enqueueTick } from '../../jobs/schedule.js';
import { isolation, silentLog, testConfig, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);

// Two DO teams on one API origin, told apart by their tokens, holding droplets with the same ids
// (DO's ids are per team as far as Arcadia can know; two agencies' teams may well collide).
const production = generatedAccount({ droplets: 5 });
production.droplets[0] = makeDroplet(100_000_000, { name: 'prod-web' });
const staging = emptyAccount();
staging.droplets = [makeDroplet(100_000_000, { name: 'stg-web' }), makeDroplet(100_000_001), makeDroplet(100_000_002)];
const standin = new DoStandin(production, 'dop_v1_production');
standin.addTeam('dop_v1_staging', staging);

useDoStandin(standin);
const redis = useRedis();
const settings = () => ({ connection: redis(), prefix: iso.prefix });

function setup() {
  const config = testConfig(iso, {
    ARCADIA_DO_ACCOUNTS: 'production=dop_v1_production,staging=dop_v1_staging',
    DIGITALOCEAN_API_URL: standin.url,
  });
  const accounts = AccountClients.create(doAccounts(config), { baseUrl: standin.url, retryBaseMs: 1 });
  const queue = syncQueue(settings());
  const events = syncQueueEvents(settings());
  const worker = createSyncWorker({ queue: settings(), config, client: accounts, log: silentLog });
  return {
    config,
    accounts,
    queue,
    events,
    async close() {
      await worker.close();
      await events.close();
      await queue.close();
    },
  };
}

describe('several DO teams', () => {
  it('syncs every team on a tick, and ids that collide across teams stay two resources', async () => {
    const s = setup();
    try {
      await s.events.waitUntilReady();
      const ids = await enqueueTick(s.queue, ['droplet'], new Date('2026-11-30T08:15:00Z'), s.config);
      expect(ids).toEqual(['sync-droplet@production-tick-20261130T0815', 'sync-droplet@staging-tick-20261130T0815']);
      const results = await Promise.all(ids.map(async (id) => (await s.queue.getJob(id))!.waitUntilFinished(s.events)));
      expect(results.map((r) => [r.account, r.status, r.created])).toEqual([
        ['production', 'succeeded', 5],
        ['staging', 'succeeded', 3],
      ]);

      expect(await Resource.countDocuments({ kind: 'droplet', account: 'production' })).toBe(5);
      expect(await Resource.countDocuments({ kind: 'droplet', account: 'staging' })).toBe(3);
      const prod = await Resource.findById(resourceKey('droplet', '100000000', 'production')).lean();
      const stg = await Resource.findById(resourceKey('droplet', '100000000', 'staging')).lean();
      expect([prod?.name, stg?.name]).toEqual(['prod-web', 'stg-web']);
      expect(await SyncRun.countDocuments({ kind: 'droplet', account: 'staging' })).toBe(1);
      // Each team's token made its own calls (and so has its own rate budget).
      expect(s.accounts.client('production')).not.toBe(s.accounts.client('staging'));
      expect(s.accounts.client('production').budget).not.toBe(s.accounts.client('staging').budget);
    } finally {
      await s.close();
    }
  });

  it("a droplet gone from one team goes stale there only; the other team's namesake stays live", async () => {
    const s = setup();
    const removed = staging.droplets.shift()!;
    try {
      const job = await enqueueSync(s.queue, 'droplet', { account: 'staging' });
      expect(await job.waitUntilFinished(s.events)).toMatchObject({ account: 'staging', markedStale: 1, unchanged: 2 });
      expect((await Resource.findById(resourceKey('droplet', '100000000', 'staging')).lean())?.stale).toBe(true);
      expect((await Resource.findById(resourceKey('droplet', '100000000', 'production')).lean())?.stale).toBe(false);
      // Syncs of one kind in two teams are two jobs, never merged by the kind's deduplication.
      const [a, b] = [
        await enqueueSync(s.queue, 'droplet', { account: 'production' }),
        await enqueueSync(s.queue, 'droplet', { account: 'staging' }),
      ];
      expect(a.id).not.toBe(b.id);
      await Promise.all([a.waitUntilFinished(s.events), b.waitUntilFinished(s.events)]);
    } finally {
      staging.droplets.unshift(removed);
      await s.close();
    }
  });

  it('a queued sync of an account no longer configured fails at once, naming the accounts there are', async () => {
    const s = setup();
    try {
      const job = await enqueueSync(s.queue, 'droplet', { account: 'qa', attempts: 3 });
      const failure = await job.waitUntilFinished(s.events).then(
        () => null,
        (err: Error) => err.message,
      );
      expect(failure).toMatch(/No DO account is named "qa"; the accounts are production, staging/);
      expect((await s.queue.getJob(String(job.id)))!.attemptsMade).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('a refused token names the team whose token it is', async () => {
    const config = testConfig(iso, { ARCADIA_DO_ACCOUNTS: 'production=dop_v1_production,staging=dop_v1_revoked' });
    const accounts = AccountClients.create(doAccounts(config), { baseUrl: standin.url, retryBaseMs: 1 });
    const refused = await accounts
      .client('staging')
      .get('/v2/droplets')
      .then(
        () => null,
        (err: DoAuthError) => err.sentence,
      );
    expect(refused).toMatch(
      /^DigitalOcean refused the staging token in ARCADIA_DO_ACCOUNTS \(HTTP 401\): the token is wrong, expired or revoked/,
    );
    await expect(accounts.client('production').get('/v2/droplets')).resolves.toBeDefined();
  });

  it("a kind a team's token may not read is skipped, naming that team's token", async () => {
    const config = testConfig(iso, { ARCADIA_DO_ACCOUNTS: 'production=dop_v1_production,staging=dop_v1_staging' });
    const accounts = AccountClients.create(doAccounts(config), { baseUrl: standin.url, retryBaseMs: 1 });
    standin.inject({ path: '/v2/registry', status: 403 });
    try {
      const run = await runSync({
        spec: kindSpec('container_registry'),
        client: accounts.client('staging').child(),
        config,
        runId: 'registry-staging',
        account: 'staging',
        log: silentLog,
      });
      expect(run.skippedBecause).toBe(
        'the staging token in ARCADIA_DO_ACCOUNTS may not read container registry (add the registry:read scope to list them)',
      );
    } finally {
      standin.clearFaults();
    }
  });

  it("an invoice matches its own team's resources: the same droplet name elsewhere does not count", async () => {
    await Promise.all([Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
    const csv = [
      'product,group_description,description,hours,start,end,USD,project_name,category',
      'Droplets,,stg-web (s-1vcpu-1gb),720,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,$6.00,,iaas',
      'Droplets,,prod-web (s-1vcpu-1gb),720,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,$6.00,,iaas',
    ].join('\n');
    const report = await ingestInvoiceFile({
      bytes: Buffer.from(csv),
      filename: 'staging-june.csv',
      source: 'cli',
      account: 'staging',
    });
    expect(report.invoice.account).toBe('staging');
    expect(report.items.map((i) => [i.description, i.match?.providerId ?? i.reason])).toEqual([
      ['stg-web (s-1vcpu-1gb)', '100000000'],
      ['prod-web (s-1vcpu-1gb)', 'resource_never_seen'],
    ]);
    const line = await InvoiceLine.findOne({ description: 'stg-web (s-1vcpu-1gb)' }).lean();
    expect(line?.resourceKey).toBe(resourceKey('droplet', '100000000', 'staging'));

    // The production team's invoice of the same month is another invoice, stored beside it.
    const prod = await ingestInvoiceFile({
      bytes: Buffer.from(csv.replace('$6.00', '$7.00')),
      filename: 'production-june.csv',
      source: 'cli',
      account: 'production',
    });
    expect(prod.outcome).toBe('stored');
    expect(prod.items.map((i) => i.match?.providerId ?? i.reason)).toEqual(['resource_never_seen', '100000000']);
    expect(await Invoice.countDocuments({ period: '2025-06' })).toBe(2);
    // The period's report covers both teams: each team's running-but-unbilled resources, added up.
    const [both, stagingOnly, productionOnly] = await Promise.all([
      invoiceReport('2025-06'),
      invoiceReport('2025-06', 'staging'),
      invoiceReport('2025-06', 'production'),
    ]);
    expect(stagingOnly!.runningNotBilled.count).toBeGreaterThan(0);
    expect(productionOnly!.runningNotBilled.count).toBeGreaterThan(0);
    expect(both!.runningNotBilled.count).toBe(
      stagingOnly!.runningNotBilled.count + productionOnly!.runningNotBilled.count,
    );
  });
});
