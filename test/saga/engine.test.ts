import { beforeAll, describe, expect, it } from 'vitest';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import type { RawObject } from '../../testkit/digitalocean/account.js';
import { runSaga, type SagaObserver } from '../../src/saga/engine.js';
import { approveSaga, createSaga, deprovisionSaga, sagaReport } from '../../src/saga/saga-service.js';
import { QuoteTooHighError } from '../../src/saga/errors.js';
import type { SagaDoc } from '../../models/saga.js';
import { sagaOutcomes } from '../../src/metrics.js';
import { silentLog, testConfig } from '../helpers/context.js';
import { useSagaTestbed } from '../helpers/saga-testbed.js';
import { defineTenants } from '../helpers/tenants.js';

const { iso, standin, queue, config, client } = useSagaTestbed({ ARCADIA_PROVISION_STEP_ATTEMPTS: '3' });
const firewallId = () => String(standin.account.firewalls.find((f) => f.name === 'web-fw')!.id);
const projectId = () => String(standin.account.projects.find((p) => p.name === 'my-web-api')!.id);

async function provision(tenant: string, observer?: SagaObserver): Promise<SagaDoc> {
  await defineTenants(tenant);
  const deps = { config: config(), client: client(), queue: queue() };
  const saga = await createSaga(
    {
      blueprint: 'web-stack',
      tenant,
      params: { domain: 'example.com', firewall: 'web-fw', project: 'my-web-api' },
      requestedBy: 'test',
    },
    deps,
  );
  await approveSaga(saga.sagaId, 'UADMIN', deps);
  return runSaga(saga.sagaId, { client: client(), config: config(), log: silentLog, observer });
}

beforeAll(() => defineTenants('big', 'hooli', 'initech'));

describe('the saga engine', () => {
  it('creates the whole web stack, tagged for the tenant, in the firewall and the project', async () => {
    const outcomes = async () =>
      Object.fromEntries((await sagaOutcomes.get()).values.map((v) => [String(v.labels.outcome), v.value]));
    const counted = await outcomes();
    const saga = await provision('acme');
    const report = sagaReport(saga);
    expect(report).toMatchObject({ blueprint: 'web-stack', tenant: 'acme', status: 'succeeded', error: null });
    expect(report.steps.map((s) => [s.name, s.kind, s.status])).toEqual([
      ['droplet', 'droplet', 'done'],
      ['volume', 'volume', 'done'],
      ['ip', 'reserved_ip', 'done'],
      ['dns', 'dns_record', 'done'],
      ['firewall', 'firewall_membership', 'done'],
      ['project', 'project_assignment', 'done'],
    ]);
    const [dropletId, volumeId, ip, recordId] = report.steps.map((s) => s.providerId);
    const droplet = standin.account.droplets.find((d) => String(d.id) === dropletId)!;
    expect(droplet).toMatchObject({ name: 'acme-web', status: 'active', size_slug: 's-1vcpu-1gb' });
    expect(droplet.tags).toEqual(['tenant:acme', `arcadia-saga:${saga.sagaId}`, `arcadia-saga:${saga.sagaId}:droplet`]);
    expect(standin.account.volumes.find((v) => v.id === volumeId)).toMatchObject({
      name: 'acme-web-data',
      droplet_ids: [Number(dropletId)],
    });
    expect((standin.account.reserved_ips.find((r) => r.ip === ip)!.droplet as RawObject).id).toBe(Number(dropletId));
    expect(standin.writes.records.get('example.com')).toEqual([
      expect.objectContaining({ id: Number(recordId), type: 'A', name: 'web', data: ip }),
    ]);
    expect(standin.account.firewalls.find((f) => f.id === firewallId())!.droplet_ids).toContain(Number(dropletId));
    expect(standin.account.project_resources[projectId()]!.map((r) => r.urn)).toEqual(
      expect.arrayContaining([`do:droplet:${dropletId}`, `do:volume:${volumeId}`, `do:floatingip:${ip}`]),
    );
    expect(saga.quoteCents).toBe(600 + 100);

    // Deprovision takes it all down again, in reverse.
    const before = await deprovisionSaga(saga.sagaId, 'UADMIN', { queue: queue() });
    expect(before.status).toBe('deprovisioning');
    const gone = await runSaga(saga.sagaId, { client: client(), config: config(), log: silentLog });
    expect(gone.status).toBe('deprovisioned');
    expect(gone.steps.every((s) => s.status === 'removed')).toBe(true);
    expect(standin.account.droplets.some((d) => String(d.id) === dropletId)).toBe(false);
    expect(standin.account.volumes.some((v) => v.id === volumeId)).toBe(false);
    expect(standin.account.reserved_ips.some((r) => r.ip === ip)).toBe(false);
    expect(standin.writes.records.get('example.com')).toEqual([]);
    // Each end state is counted once, in arcadia_saga_outcomes_total.
    expect(await outcomes()).toMatchObject({
      succeeded: (counted.succeeded ?? 0) + 1,
      deprovisioned: (counted.deprovisioned ?? 0) + 1,
    });
  });

  const failures: [string, () => Parameters<DoStandin['inject']>[0] | 'action'][] = [
    ['droplet', () => ({ path: '/v2/droplets', method: 'POST', status: 422 })],
    ['droplet', () => 'action'],
    ['volume', () => ({ path: '/v2/volumes', method: 'POST', status: 503 })],
    ['ip', () => ({ path: '/v2/reserved_ips', method: 'POST', status: 422 })],
    ['dns', () => ({ path: '/v2/domains/example.com/records', method: 'POST', status: 500 })],
    ['firewall', () => ({ path: `/v2/firewalls/${firewallId()}/droplets`, method: 'POST', status: 403 })],
    ['project', () => ({ path: `/v2/projects/${projectId()}/resources`, method: 'POST', status: 422 })],
  ];
  for (const [step, fault] of failures) {
    it(`a failure at the ${step} step (${fault() === 'action' ? 'its DO action errors' : `HTTP ${String((fault() as { status: number }).status)}`}) compensates every earlier step and leaves the account as it was`, async () => {
      const before = standin.writes.snapshot();
      const f = fault();
      if (f === 'action') standin.writes.failNextActions(1);
      else standin.inject(f);
      let posts = 0;
      const counting = (req: { path: string; method: string }) =>
        void (f !== 'action' && req.path === f.path && req.method === 'POST' && posts++);
      standin.onRequest(counting);
      try {
        const saga = await provision(`t-${step}`);
        expect(saga.status).toBe('compensated');
        expect(saga.error).toMatch(new RegExp(`^${step} \\(`));
        const failedAt = saga.steps.findIndex((s) => s.name === step);
        expect(saga.steps.slice(0, failedAt + 1).every((s) => s.status === 'compensated')).toBe(true);
        expect(saga.steps.slice(failedAt + 1).every((s) => s.status === 'pending')).toBe(true);
        expect(standin.writes.snapshot()).toEqual(before);
        // 5xx are retried a bounded number of times; 4xx are not retried at all.
        if (f !== 'action') expect(posts).toBe((f.status ?? 0) >= 500 ? 3 : 1);
      } finally {
        standin.removeListener(counting);
        standin.clearFaults();
      }
    });
  }

  it('a compensation that keeps failing ends the saga failed, listing what is left with its DO id', async () => {
    let dropletId = '';
    const observer: SagaObserver = {
      onStep: async (_saga, step, event) => {
        if (step.name !== 'droplet' || event !== 'done') return;
        dropletId = String(step.providerId);
        standin.inject({ path: `/v2/droplets/${dropletId}`, method: 'DELETE', status: 500 });
      },
    };
    standin.inject({ path: '/v2/domains/example.com/records', method: 'POST', status: 422 });
    try {
      const saga = await provision('leaky', observer);
      expect(saga.status).toBe('failed');
      expect(saga.leftovers).toEqual([
        expect.objectContaining({ step: 'droplet', kind: 'droplet', providerId: dropletId }),
      ]);
      expect(saga.steps.map((s) => s.status)).toEqual([
        'compensation_failed',
        'compensated',
        'compensated',
        'compensated',
        'pending',
        'pending',
      ]);
      expect(standin.account.droplets.some((d) => String(d.id) === dropletId)).toBe(true);
      expect(standin.account.volumes.some((v) => v.name === 'leaky-web-data')).toBe(false);
    } finally {
      standin.clearFaults();
    }
  });

  it('refuses a plan whose quote is over ARCADIA_PROVISION_MAX_MONTHLY_USD, storing nothing', async () => {
    const deps = {
      config: testConfig(iso, { ARCADIA_PROVISION_MAX_MONTHLY_USD: '20' }),
      client: client(),
      queue: queue(),
    };
    const err = await createSaga(
      {
        blueprint: 'web-stack',
        tenant: 'big',
        params: { domain: 'example.com', size: 's-2vcpu-4gb' },
        requestedBy: 'test',
      },
      deps,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QuoteTooHighError);
    expect((err as Error).message).toContain('$25.00/month, over the $20.00 limit');
  });
});

describe('provisioning with a custom ARCADIA_TENANT_TAG_PREFIX', () => {
  const custom = { ARCADIA_TENANT_TAG_PREFIX: 'customer:' };
  const dropletOf = (saga: SagaDoc) =>
    standin.account.droplets.find((d) => String(d.id) === saga.steps.find((s) => s.name === 'droplet')!.providerId)!;

  it('tags the droplet customer:<tenant>, the tag billing reads with that prefix', async () => {
    const deps = { config: config(custom), client: client(), queue: queue() };
    const planned = await createSaga(
      { blueprint: 'web-stack', tenant: 'initech', params: { domain: 'example.com' }, requestedBy: 'test' },
      deps,
    );
    await approveSaga(planned.sagaId, 'UADMIN', deps);
    const saga = await runSaga(planned.sagaId, { client: client(), config: config(custom), log: silentLog });
    expect(saga.status).toBe('succeeded');
    expect(dropletOf(saga).tags).toEqual([
      'customer:initech',
      `arcadia-saga:${saga.sagaId}`,
      `arcadia-saga:${saga.sagaId}:droplet`,
    ]);
    // The volume carries the tenant too; DO's reserved IPs take no tags (billing follows the droplet).
    const volumeId = saga.steps.find((s) => s.name === 'volume')!.providerId;
    expect(standin.account.volumes.find((v) => String(v.id) === volumeId)!.tags).toEqual([
      'customer:initech',
      `arcadia-saga:${saga.sagaId}`,
      `arcadia-saga:${saga.sagaId}:volume`,
    ]);
  });

  it('a stored saga keeps the prefix it was planned with, whatever the config of the worker that runs it', async () => {
    const deps = { config: config(), client: client(), queue: queue() };
    // initech's stack holds web.example.com: a second A record there is refused.
    const planned = await createSaga(
      {
        blueprint: 'web-stack',
        tenant: 'hooli',
        params: { domain: 'example.com', name: 'hooli' },
        requestedBy: 'test',
      },
      deps,
    );
    await approveSaga(planned.sagaId, 'UADMIN', deps);
    // The prefix changed between approval and the run: the stored, filled-in steps still decide.
    const saga = await runSaga(planned.sagaId, { client: client(), config: config(custom), log: silentLog });
    expect(saga.status).toBe('succeeded');
    expect(dropletOf(saga).tags).toEqual([
      'tenant:hooli',
      `arcadia-saga:${saga.sagaId}`,
      `arcadia-saga:${saga.sagaId}:droplet`,
    ]);
  });
});
