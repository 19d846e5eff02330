import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { doAccounts } from '../../src/digitalocean/accounts.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { approveSaga, createSaga, getSaga } from '../../src/saga/saga-service.js';
import {
  provisionQueue,
  provisionQueueEvents,
  syncQueue,
  type JobPayloads,
  type ProvisionJob,
} from '../../jobs/queues.js';
import { createProvisionWorker } from '../../jobs/provision-worker.js';
import { isolation, silentLog, testConfig, useDatabase, useRedis } from '../helpers/context.js';
import { defineTenants } from '../helpers/tenants.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
// Two DO teams on one API origin, each with the sample account's domain.
const production = sampleAccount();
const staging = sampleAccount();
const standin = new DoStandin(production, 'dop_v1_production');
standin.addTeam('dop_v1_staging', staging);
let queue: Queue<ProvisionJob>;
let syncs: Queue<JobPayloads['sync']>;
beforeAll(async () => {
  await standin.start();
  queue = provisionQueue({ connection: redis(), prefix: iso.prefix });
  syncs = syncQueue({ connection: redis(), prefix: iso.prefix });
});
afterAll(async () => {
  await queue.close();
  await syncs.close();
  await standin.stop();
});

beforeAll(() => defineTenants('acme'));

describe('provisioning with several DO teams', () => {
  it('creates in the team the saga was planned in, and syncs that team', async () => {
    const config = testConfig(iso, {
      ARCADIA_DO_ACCOUNTS: 'production=dop_v1_production,staging=dop_v1_staging',
      DIGITALOCEAN_API_URL: standin.url,
      ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
      ARCADIA_PROVISION_ACTION_POLL_MS: '5',
    });
    const accounts = AccountClients.create(doAccounts(config), { baseUrl: standin.url, retryBaseMs: 1 });
    const before = production.droplets.length;
    const saga = await createSaga(
      {
        blueprint: 'web-stack',
        tenant: 'acme',
        params: { domain: 'example.com' },
        requestedBy: 'test',
        account: 'staging',
      },
      { config, client: accounts.client('staging'), queue },
    );
    expect(saga.account).toBe('staging');

    const events = provisionQueueEvents({ connection: redis(), prefix: iso.prefix });
    await events.waitUntilReady();
    const worker = createProvisionWorker({
      queue: { connection: redis(), prefix: iso.prefix },
      config,
      client: accounts,
      log: silentLog,
      syncQueue: syncs,
    });
    try {
      await approveSaga(saga.sagaId, 'UADMIN', { queue });
      const job = (await queue.getJob(`saga-${saga.sagaId}-running`))!;
      expect(await job.waitUntilFinished(events)).toBe('succeeded');
    } finally {
      await worker.close();
      await events.close();
    }
    const done = await getSaga(saga.sagaId);
    const dropletId = Number(done.steps[0]!.providerId);
    expect(staging.droplets.filter((d) => d.id === dropletId)).toHaveLength(1);
    expect(production.droplets).toHaveLength(before);
    // What it touched is synced in its own team at once.
    const queued = await syncs.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(queued.length).toBeGreaterThan(0);
    expect(new Set(queued.map((j) => j.data.account))).toEqual(new Set(['staging']));
  });
});
