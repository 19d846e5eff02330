import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { freePort } from '../../testkit/local-services.js';
import { enqueueSync } from '../../jobs/enqueue-sync.js';
import { QUEUE_NAMES, syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { QUEUE_STATES } from '../../src/metrics.js';
import { isolation, testEnv, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';
import { collectOutput, runCli, startCli, waitForLog } from '../helpers/cli.js';
import { labelValues, scrape, valueOf, type Sample } from '../helpers/metrics.js';
import { SIGNING_SECRET, SlackClientSim, textOf } from '../helpers/slack-requests.js';
import { waitFor } from '../helpers/wait-for.js';

const iso = isolation();
useDatabase(iso);
// 450 droplets: three pages, so a sync can be held between them and scraped while it runs.
const standin = useDoStandin(new DoStandin(generatedAccount({ droplets: 450 })));
const redisConnection = useRedis();
const ADMIN = { user: 'UADMIN7', channel: 'COPS7' };

/** A spawned CLI's output and a way to stop it for good, whatever the test did. */
function spawned(args: string[], env: Record<string, string>) {
  const child = startCli(args, env);
  const output = collectOutput(child);
  return {
    child,
    output,
    async stop(): Promise<number | null> {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit') as Promise<[number | null]>;
      child.kill('SIGTERM');
      return (await exited)[0];
    },
  };
}

async function readyz(origin: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${origin}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** /readyz once it says ready (a connection may still be settling just after start-up). */
async function whenReady(origin: string): Promise<{ status: number; body: Record<string, unknown> }> {
  let last = await readyz(origin);
  await waitFor(async () => (last = await readyz(origin)).status === 200, `${origin}/readyz to answer 200`);
  return last;
}

/** The pino lines of a process's stderr, parsed. */
function logLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** No label of a scrape carries a token, a Slack id the test used, or a resource's name. */
function expectSafeLabels(samples: Sample[], secrets: string[]): void {
  const values = labelValues(samples);
  const names = new Set(standin.account.droplets.map((d) => String(d.name)));
  for (const value of values) {
    for (const secret of secrets) expect(value).not.toContain(secret);
    expect(names.has(value), `label value ${value} is a droplet's name`).toBe(false);
    expect(value).not.toMatch(/^\d{5,}$/);
  }
}

/** Every queue has its four state gauges. */
function expectQueueGauges(samples: Sample[]): void {
  for (const queue of Object.values(QUEUE_NAMES))
    for (const state of QUEUE_STATES)
      expect(valueOf(samples, 'arcadia_queue_jobs', { queue, state }), `${queue} ${state}`).toBeDefined();
}

describe('health and metrics of the running processes', () => {
  it('arcadia worker answers /healthz, /readyz and /metrics on ARCADIA_HEALTH_PORT, its counters moving with a sync', async () => {
    const settings = { connection: redisConnection(), prefix: iso.prefix };
    const queue = syncQueue(settings);
    const events = syncQueueEvents(settings);
    await events.waitUntilReady();
    const worker = spawned(
      ['worker', '--no-schedule'],
      testEnv(iso, {
        DIGITALOCEAN_TOKEN: standin.token,
        DIGITALOCEAN_API_URL: standin.url,
        ARCADIA_HEALTH_PORT: '0',
        ARCADIA_LOG_LEVEL: 'info',
      }),
    );
    let release = () => {};
    try {
      await waitForLog(worker.child, worker.output, 'workers started');
      const origin = `http://127.0.0.1:${/"healthPort":(\d+)/.exec(worker.output.stderr)![1]}`;
      const healthz = await fetch(`${origin}/healthz`);
      expect([healthz.status, await healthz.text()]).toEqual([200, 'ok']);
      expect(await whenReady(origin)).toEqual({
        status: 200,
        body: {
          status: 'ready',
          ready: true,
          notReady: [],
          checks: { redis: 'ok', mongodb: 'ok', migrations: 'ok' },
        },
      });
      expect((await fetch(`${origin}/slack/events`)).status).toBe(404);

      // Held after its first page, the sync is scraped while it runs.
      standin.inject({ path: '/v2/droplets', page: 2, until: new Promise<void>((r) => (release = r)), times: 1 });
      const job = await enqueueSync(queue, 'droplet');
      const pageOne = { endpoint: '/v2/droplets', method: 'GET', status: '200' };
      let during: Sample[] = [];
      await waitFor(async () => {
        during = await scrape(origin);
        return valueOf(during, 'arcadia_do_requests_total', pageOne) !== undefined;
      }, 'the first page to be counted');
      expectQueueGauges(during);
      expect(valueOf(during, 'arcadia_queue_jobs', { queue: 'cloud_sync_full', state: 'active' })).toBe(1);
      expect(valueOf(during, 'arcadia_sync_runs_total', { kind: 'droplet' })).toBeUndefined();

      release();
      expect(await job.waitUntilFinished(events)).toMatchObject({ status: 'succeeded', created: 450 });
      const after = await scrape(origin);
      expect(valueOf(after, 'arcadia_sync_runs_total', { kind: 'droplet', status: 'succeeded' })).toBe(1);
      expect(valueOf(after, 'arcadia_sync_resources_total', { kind: 'droplet', change: 'listed' })).toBe(450);
      expect(valueOf(after, 'arcadia_sync_resources_total', { kind: 'droplet', change: 'created' })).toBe(450);
      expect(valueOf(after, 'arcadia_sync_resources_total', { kind: 'droplet', change: 'stale' })).toBe(0);
      expect(
        valueOf(after, 'arcadia_do_requests_total', { endpoint: '/v2/droplets', method: 'GET', status: '200' }),
      ).toBeGreaterThanOrEqual(3);
      expect(
        valueOf(after, 'arcadia_job_duration_seconds_count', { queue: 'cloud_sync_full', outcome: 'completed' }),
      ).toBe(1);
      expect(valueOf(after, 'arcadia_do_rate_limit_remaining', { account: 'default' })).toBeGreaterThan(0);
      expect(valueOf(after, 'arcadia_queue_jobs', { queue: 'cloud_sync_full', state: 'active' })).toBe(0);
      expectSafeLabels(after, [standin.token]);

      // The worker's lines for the job name it.
      const finished = logLines(worker.output.stderr).find((l) => l.msg === 'sync finished');
      expect(finished).toMatchObject({ jobId: job.id, queue: 'cloud_sync_full' });
      expect(await worker.stop()).toBe(0);
    } finally {
      release();
      standin.clearFaults();
      await worker.stop();
      await events.close();
      await queue.close();
    }
  });

  it('arcadia start in Socket Mode listens on ARCADIA_HEALTH_PORT before anything else, and a start that fails closes it and exits 1', async () => {
    const slack = new SlackStandin();
    await slack.start();
    try {
      // The stand-in knows no app-level token: Socket Mode cannot connect, after the health server is up.
      const result = await runCli(
        ['start', '--no-schedule'],
        testEnv(iso, {
          DIGITALOCEAN_TOKEN: standin.token,
          DIGITALOCEAN_API_URL: standin.url,
          SLACK_BOT_TOKEN: slack.token,
          SLACK_APP_TOKEN: 'xapp-1-unknown',
          SLACK_API_URL: slack.apiUrl,
          ARCADIA_HEALTH_PORT: '0',
          ARCADIA_LOG_LEVEL: 'info',
        }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/"healthPort":\d+,"msg":"health server listening"/);
      expect(result.stderr).toContain('arcadia: unexpected error: An API error occurred: invalid_auth');
      expect(result.stderr).not.toContain('Connection is closed');
    } finally {
      await slack.stop();
    }
  });

  it('arcadia start answers for both its processes on PORT, and one /cloud sync is followed by its request id from the receiver into the worker', async () => {
    const slack = new SlackStandin();
    await slack.start();
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const start = spawned(
      ['start', '--no-schedule'],
      testEnv(iso, {
        DIGITALOCEAN_TOKEN: standin.token,
        DIGITALOCEAN_API_URL: standin.url,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        ARCADIA_ADMIN_USERS: ADMIN.user,
        PORT: String(port),
        ARCADIA_LOG_LEVEL: 'info',
      }),
    );
    try {
      await waitForLog(start.child, start.output, 'arcadia started');
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
      expect(await whenReady(origin)).toMatchObject({
        status: 200,
        body: {
          ready: true,
          checks: { redis: 'ok', mongodb: 'ok', migrations: 'ok', slackBotToken: 'ok', workerProcess: 'ok' },
        },
      });

      const sim = new SlackClientSim(() => `${origin}/slack/events`, slack);
      const asked = await sim.command('sync droplet', ADMIN);
      expect(asked.status).toBe(200);
      const id = asked.responseUrl.split('/').pop();
      await slack.waitFor('response_url', (c) => c.params.id === id && textOf(c.params).includes('Sync finished'));

      // One scrape of the receiver answers for the worker process too: its runs and deliveries are counted there.
      const delivered = { method: 'response_url', outcome: 'delivered' };
      let samples: Sample[] = [];
      // The reply is counted once its delivery job ends, a moment after Slack has it.
      await waitFor(async () => {
        samples = await scrape(origin);
        return valueOf(samples, 'arcadia_slack_deliveries_total', delivered) !== undefined;
      }, 'the reply to be counted as delivered');
      expect(valueOf(samples, 'arcadia_sync_runs_total', { kind: 'droplet', status: 'succeeded' })).toBe(1);
      expect(valueOf(samples, 'arcadia_sync_resources_total', { kind: 'droplet', change: 'created' })).toBe(0);
      expect(valueOf(samples, 'arcadia_slack_deliveries_total', delivered)).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'arcadia_slack_ack_seconds_count')).toBeGreaterThanOrEqual(1);
      expectQueueGauges(samples);
      expectSafeLabels(samples, [standin.token, slack.token, SIGNING_SECRET, ADMIN.user, ADMIN.channel]);

      // The receiver logged the command under a request id; the worker process (the only one under
      // `arcadia start` that runs syncs) names it on its lines for the job.
      const lines = logLines(start.output.stderr);
      const requestId = lines.find((l) => l.msg === 'sync requested from Slack')?.requestId;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines.find((l) => l.msg === 'sync finished' && l.requestId === requestId)).toMatchObject({
        kind: 'droplet',
        queue: 'cloud_sync_full',
        jobId: expect.stringMatching(/^sync-droplet-/),
      });
      expect(await start.stop()).toBe(0);
    } finally {
      await start.stop();
      await slack.stop();
    }
  });
});
