import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, type QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { startWorkers } from '../../src/cli/worker.js';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { doAccounts } from '../../src/digitalocean/accounts.js';
import { approveSaga, createSaga, getSaga } from '../../src/saga/saga-service.js';
import { provisionQueue, provisionQueueEvents, QUEUE_NAMES, type ProvisionJob } from '../../jobs/queues.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { freePort } from '../../testkit/local-services.js';
import { textOf } from '../helpers/slack-requests.js';
import { isolation, silentLog, testConfig } from '../helpers/context.js';
import { defineTenants } from '../helpers/tenants.js';

const iso = isolation();
const production = sampleAccount();
const staging = sampleAccount();
const standin = new DoStandin(production, 'dop_v1_production');
standin.addTeam('dop_v1_staging', staging);
const slack = new SlackStandin();

const settings = (accounts: string) =>
  testConfig(iso, {
    ARCADIA_DO_ACCOUNTS: accounts,
    DIGITALOCEAN_API_URL: standin.url,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    ARCADIA_ALERTS_CHANNEL: 'CALERTS',
    ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
    ARCADIA_PROVISION_ACTION_POLL_MS: '1',
  });
const BOTH_TEAMS = 'production=dop_v1_production,staging=dop_v1_staging';

beforeAll(async () => {
  await standin.start();
  await slack.start();
});
afterAll(async () => {
  await standin.stop();
  await slack.stop();
});

/** A runtime (and its mongoose connection) for one phase of a test: one worker process's life. */
async function withRuntime<T>(accounts: string, run: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(settings(accounts), { log: silentLog });
  try {
    return await run(rt);
  } finally {
    await rt.close();
  }
}

/** Resolves with the outcome of the provision job `jobId` once it has one. */
function outcomeOf(events: QueueEvents, jobId: string): Promise<'completed' | 'failed'> {
  return new Promise((resolve) => {
    events.on('completed', (e) => e.jobId === jobId && resolve('completed'));
    events.on('failed', (e) => e.jobId === jobId && resolve('failed'));
  });
}

/** Starts a worker, as `arcadia worker` does, and stops it once the job `jobId` has an outcome. */
async function outcomeOnStart(rt: Runtime, jobId: string): Promise<'completed' | 'failed'> {
  const events = provisionQueueEvents(rt.queue);
  await events.waitUntilReady();
  const outcome = outcomeOf(events, jobId);
  const workers = await startWorkers(rt.config, { runtime: rt, schedule: false, invoiceWorker: false });
  try {
    return await outcome;
  } finally {
    await workers.stop();
    await events.close();
  }
}

/** `name` is the stack's host too: a host another test's stack holds is refused by the preflight. */
async function planned(rt: Runtime, tenant: string, account: string, name = 'web') {
  await defineTenants(tenant);
  const config = settings(BOTH_TEAMS);
  const client = AccountClients.create(doAccounts(config), { baseUrl: standin.url, retryBaseMs: 1 }).client(account);
  const queue = provisionQueue(rt.queue);
  try {
    return await createSaga(
      { blueprint: 'web-stack', tenant, params: { domain: 'example.com', name }, requestedBy: 'UOPS', account },
      { config, client, queue },
    );
  } finally {
    await queue.close();
  }
}

const tagged = (team: typeof production, sagaId: string) =>
  team.droplets.filter((d) => (d.tags as string[]).includes(`arcadia-saga:${sagaId}`));

describe('a saga whose job is lost', () => {
  it('approved while Redis is unreachable for the enqueue, is run to the end by the next worker to start, once', async () => {
    const sagaId = await withRuntime(BOTH_TEAMS, async (rt) => {
      const saga = await planned(rt, 'lost', 'production');
      // Nothing listens on this port: the status change commits, the enqueue after it fails.
      const dead = new Redis({
        host: '127.0.0.1',
        port: await freePort(),
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        enableOfflineQueue: false,
      });
      const unreachable = new Queue<ProvisionJob>(QUEUE_NAMES.provision, { connection: dead, prefix: iso.prefix });
      unreachable.on('error', () => undefined);
      await expect(approveSaga(saga.sagaId, 'UADMIN', { queue: unreachable })).rejects.toThrow();
      await unreachable.close().catch(() => undefined);
      dead.disconnect();
      const stranded = await getSaga(saga.sagaId);
      expect(stranded.status).toBe('running');
      const queue = provisionQueue(rt.queue);
      expect(await queue.getJob(`saga-${saga.sagaId}-running`)).toBeUndefined();
      await queue.close();
      return saga.sagaId;
    });

    await withRuntime(BOTH_TEAMS, async (rt) => {
      expect(await outcomeOnStart(rt, `saga-${sagaId}-running`)).toBe('completed');
      expect((await getSaga(sagaId)).status).toBe('succeeded');
      expect(tagged(production, sagaId)).toHaveLength(1);
      expect(production.volumes.filter((v) => v.name === 'lost-web-data')).toHaveLength(1);
    });
  });

  it('whose job fails for good alerts the alerts channel with what it created, and is re-driven under a fresh job id', async () => {
    // Its team was dropped from ARCADIA_DO_ACCOUNTS while the saga waited: every attempt fails at once.
    const sagaId = await withRuntime('production=dop_v1_production', async (rt) => {
      const saga = await planned(rt, 'orphan', 'staging', 'orphan');
      const events = provisionQueueEvents(rt.queue);
      await events.waitUntilReady();
      const failed = outcomeOf(events, `saga-${saga.sagaId}-running`);
      const workers = await startWorkers(rt.config, { runtime: rt, schedule: false, slack: true });
      const queue = provisionQueue(rt.queue);
      try {
        await approveSaga(saga.sagaId, 'UADMIN', { queue });
        expect(await failed).toBe('failed');
        const alert = await slack.waitFor(
          'chat.postMessage',
          (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes(saga.sagaId),
        );
        expect(alert.params.text).toBe(
          `web-stack for orphan (saga ${saga.sagaId}) stopped unfinished: its job failed; Arcadia will queue it again`,
        );
        const shown = textOf(alert.params);
        expect(shown).toContain('failed all its attempts');
        expect(shown).toContain('It had created nothing yet.');
        expect(shown).toContain('A worker queues the saga again when it starts');
      } finally {
        await workers.stop();
        await queue.close();
        await events.close();
      }
      expect((await getSaga(saga.sagaId)).status).toBe('running');
      return saga.sagaId;
    });

    // The team is configured again: the next worker re-drives it, the failed job id kept as it was.
    await withRuntime(BOTH_TEAMS, async (rt) => {
      expect(await outcomeOnStart(rt, `saga-${sagaId}-running-redrive-1`)).toBe('completed');
      const saga = await getSaga(sagaId);
      expect(saga).toMatchObject({ status: 'succeeded', jobId: `saga-${sagaId}-running-redrive-1`, redrives: 1 });
      expect(tagged(staging, sagaId)).toHaveLength(1);
      expect(tagged(production, sagaId)).toHaveLength(0);
      await mongoose.connection.dropDatabase();
    });
  });
});
