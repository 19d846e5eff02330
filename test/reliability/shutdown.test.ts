import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { connect } from 'node:net';
import { Resource } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { freePort } from '../../testkit/local-services.js';
import { enqueueSync } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { isolation, silentLog, testConfig, testEnv, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';
import { collectOutput, startCli, waitForLog } from '../helpers/cli.js';

const iso = isolation();
useDatabase(iso);
const standin = useDoStandin(new DoStandin(generatedAccount({ droplets: 450 })));
const redisConnection = useRedis();

async function withQueue<T>(
  prefix: string,
  fn: (q: ReturnType<typeof syncQueue>, e: ReturnType<typeof syncQueueEvents>) => Promise<T>,
): Promise<T> {
  const settings = { connection: redisConnection(), prefix };
  const queue = syncQueue(settings);
  const events = syncQueueEvents(settings);
  await events.waitUntilReady();
  try {
    return await fn(queue, events);
  } finally {
    await events.close();
    await queue.close();
  }
}

/** Whether something accepts TCP connections on the port (loopback). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `arcadia worker` while DO holds the droplet listing's page 2 for `holdMs`, sends SIGTERM
 * once the worker is waiting on that page, and resolves to its exit code.
 */
async function sigtermWorkerAtPageTwo(env: Record<string, string>, holdMs: number): Promise<number | null> {
  standin.inject({ path: '/v2/droplets', page: 2, delayMs: holdMs, times: 1 });
  const pageTwo = standin.waitForRequest('/v2/droplets', 2);
  const child = startCli(['worker', '--no-schedule'], env);
  await pageTwo;
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('SIGTERM', () => {
  it('lets `arcadia worker` finish its current job, then exit cleanly', async () => {
    await withQueue(`${iso.prefix}-a`, async (queue, events) => {
      const env = testEnv(
        { ...iso, prefix: `${iso.prefix}-a` },
        { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url },
      );
      const job = await enqueueSync(queue, 'droplet');
      expect(await sigtermWorkerAtPageTwo(env, 1_500)).toBe(0);
      // The job in hand was finished before exit, not abandoned.
      expect(await job.waitUntilFinished(events)).toMatchObject({ status: 'succeeded', listed: 450 });
    });
  });

  it('releases a job that outlives the shutdown timeout; another worker finishes it exactly once', async () => {
    await Resource.deleteMany({});
    await withQueue(`${iso.prefix}-b`, async (queue, events) => {
      const extra = {
        DIGITALOCEAN_TOKEN: standin.token,
        DIGITALOCEAN_API_URL: standin.url,
        ARCADIA_SHUTDOWN_TIMEOUT_MS: '200',
        ARCADIA_JOB_LOCK_MS: '1000',
      };
      const env = testEnv({ ...iso, prefix: `${iso.prefix}-b` }, extra);
      const job = await enqueueSync(queue, 'droplet');
      expect(await sigtermWorkerAtPageTwo(env, 600_000)).toBe(0);
      standin.clearFaults();

      const config = testConfig({ ...iso, prefix: `${iso.prefix}-b` }, extra);
      const worker = createSyncWorker({
        queue: { connection: redisConnection(), prefix: `${iso.prefix}-b` },
        config,
        client: new DoClient({ token: standin.token, baseUrl: standin.url }),
        log: silentLog,
      });
      try {
        expect(await job.waitUntilFinished(events)).toMatchObject({ status: 'succeeded', listed: 450, created: 450 });
        expect(await Resource.countDocuments({ kind: 'droplet' })).toBe(450);
        expect(await SyncRun.countDocuments({ runId: String(job.id) })).toBe(1);
      } finally {
        await worker.close();
      }
    });
  });

  it('makes `arcadia start` stop taking Slack requests, finish its current job, then exit cleanly', async () => {
    const slack = new SlackStandin();
    await slack.start();
    try {
      await withQueue(`${iso.prefix}-c`, async (queue, events) => {
        const port = await freePort();
        const env = testEnv(
          { ...iso, prefix: `${iso.prefix}-c` },
          {
            DIGITALOCEAN_TOKEN: standin.token,
            DIGITALOCEAN_API_URL: standin.url,
            SLACK_BOT_TOKEN: slack.token,
            SLACK_SIGNING_SECRET: 'shutdown-test-secret',
            SLACK_API_URL: slack.apiUrl,
            PORT: String(port),
            // The test follows the shutdown through the log.
            ARCADIA_LOG_LEVEL: 'info',
          },
        );
        standin.inject({ path: '/v2/droplets', page: 2, delayMs: 2_000, times: 1 });
        const job = await enqueueSync(queue, 'droplet');
        const pageTwo = standin.waitForRequest('/v2/droplets', 2);
        const child = startCli(['start', '--no-schedule'], env);
        const output = collectOutput(child);
        const exited = once(child, 'exit') as Promise<[number | null]>;
        await waitForLog(child, output, 'arcadia started');
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

        await pageTwo;
        child.kill('SIGTERM');
        await waitForLog(child, output, 'no longer taking Slack requests; finishing running jobs');
        // The port is closed while the sync is still running (page two is still held back).
        expect(await accepts(port)).toBe(false);
        expect(await job.getState()).toBe('active');

        const [code] = await exited;
        expect(code).toBe(0);
        expect(await job.waitUntilFinished(events)).toMatchObject({ status: 'succeeded', listed: 450 });
        expect(await accepts(port)).toBe(false);
      });
    } finally {
      await slack.stop();
    }
  });
});
