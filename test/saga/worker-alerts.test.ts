import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { startWorkers, type RunningWorkers } from '../../src/cli/worker.js';
import { approveSaga, createSaga, getSaga } from '../../src/saga/saga-service.js';
import { channelOf } from '../../src/outbox/message.js';
import { outboxQueue } from '../../src/outbox/producer.js';
import { provisionQueue, provisionQueueEvents } from '../../jobs/queues.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { isolation, silentLog, testConfig } from '../helpers/context.js';
import mongoose from 'mongoose';
import { defineTenants } from '../helpers/tenants.js';

const iso = isolation();
const standin = new DoStandin(sampleAccount());
let runtime: Runtime;
let workers: RunningWorkers;

beforeAll(async () => {
  await standin.start();
  const config = testConfig(iso, {
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    SLACK_BOT_TOKEN: 'xoxb-not-used-here',
    ARCADIA_ALERTS_CHANNEL: 'CALERTS',
    ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
    ARCADIA_PROVISION_ACTION_POLL_MS: '1',
    ARCADIA_PROVISION_STEP_ATTEMPTS: '2',
  });
  runtime = await openRuntime(config, { log: silentLog });
  // As `arcadia worker`: no Slack app in this process.
  workers = await startWorkers(config, { runtime, schedule: false, invoiceWorker: false });
});

afterAll(async () => {
  await workers?.stop();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await runtime?.close();
  await standin.stop();
});

beforeAll(() => defineTenants('zeta'));

describe('a saga driven by a worker process without the Slack app', () => {
  it('still queues the leftovers alert for the alerts channel when a compensation fails', async () => {
    const firewallId = String(standin.account.firewalls.find((f) => f.name === 'web-fw')!.id);
    standin.inject({ path: `/v2/firewalls/${firewallId}/droplets`, method: 'POST', status: 403 });
    standin.onRequest((req) => {
      if (req.path !== `/v2/firewalls/${firewallId}/droplets`) return;
      const droplet = standin.account.droplets.find((d) => d.name === 'zeta-web');
      if (droplet) standin.inject({ path: `/v2/droplets/${String(droplet.id)}`, method: 'DELETE', status: 500 });
    });
    const queue = provisionQueue(runtime.queue);
    const events = provisionQueueEvents(runtime.queue);
    await events.waitUntilReady();
    try {
      const deps = { config: runtime.config, client: runtime.doClient!, queue };
      const saga = await createSaga(
        {
          blueprint: 'web-stack',
          tenant: 'zeta',
          params: { domain: 'example.com', firewall: 'web-fw' },
          requestedBy: 'cli',
        },
        deps,
      );
      const finished = new Promise<void>((resolve) =>
        events.on('completed', ({ jobId }) => jobId.startsWith(`saga-${saga.sagaId}`) && resolve()),
      );
      await approveSaga(saga.sagaId, 'cli', deps);
      await finished;
      const done = await getSaga(saga.sagaId);
      expect(done.status).toBe('failed');
      const outbox = outboxQueue(runtime.queue);
      const jobs = await outbox.getJobs(['waiting', 'delayed', 'active', 'failed', 'completed']);
      await outbox.close();
      const alerts = jobs.filter((j) => channelOf(j.data.message.target) === 'CALERTS');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.data.message.text).toContain(
        `Saga ${saga.sagaId} (web-stack for zeta) failed and left 1 resource to clean up`,
      );
      expect(JSON.stringify(alerts[0]!.data.message.blocks)).toContain(`\`${done.steps[0]!.providerId!}\``);
      // Started from the CLI: no thread to report progress in, so nothing else was queued.
      expect(jobs).toHaveLength(1);
    } finally {
      await events.close();
      await queue.close();
      standin.clearFaults();
    }
  });
});
