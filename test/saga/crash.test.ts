import { beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { DoClient } from '../../src/digitalocean/client.js';
import type { RawObject } from '../../testkit/digitalocean/account.js';
import { approveSaga, createSaga, getSaga } from '../../src/saga/saga-service.js';
import { provisionQueueEvents } from '../../jobs/queues.js';
import { createProvisionWorker } from '../../jobs/provision-worker.js';
import { silentLog, testConfig, testEnv } from '../helpers/context.js';
import { runCliInProcess as runCli, startCli } from '../helpers/cli.js';
import { useSagaTestbed } from '../helpers/saga-testbed.js';
import { defineTenants } from '../helpers/tenants.js';

const { iso, redis, standin, queue } = useSagaTestbed();

const extra = () => ({
  DIGITALOCEAN_TOKEN: standin.token,
  DIGITALOCEAN_API_URL: standin.url,
  ARCADIA_JOB_LOCK_MS: '1000',
  ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
  ARCADIA_PROVISION_ACTION_POLL_MS: '5',
});
const firewallId = () => String(standin.account.firewalls.find((f) => f.name === 'web-fw')!.id);
const projectId = () => String(standin.account.projects.find((p) => p.name === 'my-web-api')!.id);

/** The POST each step makes: the worker is killed after DO carried it out but before its answer arrived. */
const STEP_POSTS: [string, () => string][] = [
  ['droplet', () => '/v2/droplets'],
  ['volume', () => '/v2/volumes'],
  ['ip', () => '/v2/reserved_ips'],
  ['dns', () => '/v2/domains/example.com/records'],
  ['firewall', () => `/v2/firewalls/${firewallId()}/droplets`],
  ['project', () => `/v2/projects/${projectId()}/resources`],
];

/** Approves the saga with an `arcadia worker` running and SIGKILLs it once `reached` settles (a request DO carried out but never answered). */
async function killWorkerOnceReached(
  sagaId: string,
  reached: Promise<void>,
  env: Record<string, string>,
): Promise<void> {
  const child = startCli(['worker', '--no-schedule'], testEnv(iso, env));
  await approveSaga(sagaId, 'UADMIN', { queue: queue() });
  await reached;
  child.kill('SIGKILL');
  await once(child, 'exit');
  standin.clearFaults();
}

/** Lets another worker take the killed worker's job over; resolves to how the saga ended. */
async function resumeOnAnotherWorker(
  sagaId: string,
  config: ReturnType<typeof testConfig>,
  client: DoClient,
): Promise<unknown> {
  const events = provisionQueueEvents({ connection: redis(), prefix: iso.prefix });
  await events.waitUntilReady();
  const worker = createProvisionWorker({
    queue: { connection: redis(), prefix: iso.prefix },
    config,
    client,
    log: silentLog,
  });
  try {
    const job = (await queue().getJob(`saga-${sagaId}-running`))!;
    return await job.waitUntilFinished(events);
  } finally {
    await worker.close();
    await events.close();
  }
}

beforeAll(() => defineTenants('cli', 'k-pair', 'later', 'x'));

describe('a provision worker killed with SIGKILL', () => {
  for (const [step, path] of STEP_POSTS) {
    it(`during the ${step} step resumes on another worker to the same end state, with no duplicate`, async () => {
      const config = testConfig(iso, extra());
      const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 });
      const tenant = `k-${step}`;
      await defineTenants(tenant);
      // Each stack takes a host of its own in example.com (`name`): an A record beside another's is refused.
      const saga = await createSaga(
        {
          blueprint: 'web-stack',
          tenant,
          params: { domain: 'example.com', name: step, firewall: 'web-fw', project: 'my-web-api' },
          requestedBy: 'test',
        },
        { config, client, queue: queue() },
      );

      standin.inject({ path: path(), method: 'POST', hangAfter: true, times: 1 });
      const reached = standin.waitForRequest(path(), undefined, 'POST');
      await killWorkerOnceReached(saga.sagaId, reached, extra());
      expect((await getSaga(saga.sagaId)).steps.find((s) => s.name === step)!.status).toBe('running');

      expect(await resumeOnAnotherWorker(saga.sagaId, config, client)).toBe('succeeded');
      const done = await getSaga(saga.sagaId);
      expect(done.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
      const dropletId = Number(done.steps[0]!.providerId);
      expect(
        standin.account.droplets.filter((d) => (d.tags as string[]).includes(`arcadia-saga:${saga.sagaId}`)),
      ).toHaveLength(1);
      expect(standin.account.volumes.filter((v) => v.name === `${tenant}-${step}-data`)).toHaveLength(1);
      expect(
        standin.account.reserved_ips.filter((r) => (r.droplet as RawObject | null)?.id === dropletId),
      ).toHaveLength(1);
      expect(
        standin.writes.records.get('example.com')!.filter((r) => r.data === done.steps[2]!.providerId),
      ).toHaveLength(1);
      expect(
        (standin.account.firewalls.find((f) => f.id === firewallId())!.droplet_ids as number[]).filter(
          (id) => id === dropletId,
        ),
      ).toHaveLength(1);
      expect(
        standin.account.project_resources[projectId()]!.filter((r) => r.urn === `do:droplet:${dropletId}`),
      ).toHaveLength(1);
    });
  }
});

describe('arcadia provision', () => {
  it('--approve --wait --json prints the saga in the documented shape and exits 0 when it succeeded', async () => {
    const res = await runCli(
      [
        'provision',
        'web-stack',
        '--tenant',
        'cli',
        '--param',
        'domain=example.com',
        '--param',
        'name=cli',
        '--approve',
        '--wait',
        '--json',
      ],
      testEnv(iso, extra()),
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const { saga } = JSON.parse(res.stdout) as { saga: Record<string, unknown> & { steps: Record<string, unknown>[] } };
    expect(Object.keys(saga)).toEqual(['id', 'blueprint', 'tenant', 'status', 'steps', 'error', 'audit']);
    expect(saga).toMatchObject({ blueprint: 'web-stack', tenant: 'cli', status: 'succeeded', error: null });
    expect(saga.steps.map((s) => Object.keys(s))).toEqual(Array(4).fill(['name', 'status', 'kind', 'providerId']));

    const shown = await runCli(['saga', 'show', String(saga.id), '--json'], testEnv(iso, extra()));
    expect(JSON.parse(shown.stdout)).toEqual({ saga });
    const down = await runCli(['deprovision', String(saga.id), '--wait', '--json'], testEnv(iso, extra()));
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout).saga.status).toBe('deprovisioned');
  });

  it('without --approve waits for an approver; a bad blueprint is refused naming the file and path', async () => {
    const pending = await runCli(
      [
        'provision',
        'web-stack',
        '--tenant',
        'later',
        '--param',
        'domain=example.com',
        '--param',
        'name=later',
        '--json',
      ],
      testEnv(iso, extra()),
    );
    expect(JSON.parse(pending.stdout).saga.status).toBe('pending_approval');
    const rejected = await runCli(
      ['saga', 'reject', JSON.parse(pending.stdout).saga.id as string, '--json'],
      testEnv(iso, extra()),
    );
    expect(JSON.parse(rejected.stdout).saga.status).toBe('rejected');

    const bad = await runCli(
      ['provision', 'bad-reference', '--tenant', 'x'],
      testEnv(iso, { ...extra(), ARCADIA_BLUEPRINTS_DIR: 'test/fixtures/blueprints' }),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /test\/fixtures\/blueprints\/bad-reference\.yml at resources\[1\]\.attach_to: "server" is not an earlier resource's id/,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a provision worker killed with SIGKILL in a blueprint with two droplets', () => {
  it('after DO made the second droplet resumes to two droplets, each volume on its own, and no duplicate', async () => {
    const env = { ...extra(), ARCADIA_BLUEPRINTS_DIR: 'test/fixtures/blueprints' };
    const config = testConfig(iso, env);
    const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 });
    const saga = await createSaga(
      { blueprint: 'two-droplets', tenant: 'k-pair', params: { domain: 'example.com' }, requestedBy: 'test' },
      { config, client, queue: queue() },
    );

    // The first droplet is made as usual; the second is made but its answer never arrives.
    standin.inject({ path: '/v2/droplets', method: 'POST', hangAfter: true, skip: 1, times: 1 });
    let posts = 0;
    let counting: (req: { path: string; method: string }) => void = () => undefined;
    const second = new Promise<void>(
      (resolve) =>
        (counting = (req) => void (req.path === '/v2/droplets' && req.method === 'POST' && ++posts === 2 && resolve())),
    );
    standin.onRequest(counting);
    await killWorkerOnceReached(saga.sagaId, second, env);
    standin.removeListener(counting);
    expect((await getSaga(saga.sagaId)).steps.find((s) => s.name === 'db')!.status).toBe('running');

    expect(await resumeOnAnotherWorker(saga.sagaId, config, client)).toBe('succeeded');
    const done = await getSaga(saga.sagaId);
    const [app, db] = ['app', 'db'].map((name) => Number(done.steps.find((s) => s.name === name)!.providerId));
    expect(app).not.toBe(db);
    expect(
      standin.account.droplets
        .filter((d) => (d.tags as string[]).includes(`arcadia-saga:${saga.sagaId}`))
        .map((d) => d.id),
    ).toEqual([app, db]);
    expect(standin.account.volumes.find((v) => v.name === 'k-pair-app-data')!.droplet_ids).toEqual([app]);
    expect(standin.account.volumes.find((v) => v.name === 'k-pair-db-data')!.droplet_ids).toEqual([db]);
  });
});
