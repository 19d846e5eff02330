import { beforeAll, describe, expect, it } from 'vitest';
import type { RawObject } from '../../testkit/digitalocean/account.js';
import { runSaga, type SagaObserver } from '../../src/saga/engine.js';
import { approveSaga, createSaga, deprovisionSaga } from '../../src/saga/saga-service.js';
import { Saga, type SagaDoc } from '../../models/saga.js';
import { silentLog } from '../helpers/context.js';
import { useSagaTestbed } from '../helpers/saga-testbed.js';
import { defineTenants } from '../helpers/tenants.js';

const { standin, queue, config, client } = useSagaTestbed();
const engine = (observer?: SagaObserver) => ({ client: client(), config: config(), log: silentLog, observer });
const projectId = (name: string) => String(standin.account.projects.find((p) => p.name === name)!.id);
const projectOf = (urn: string) =>
  Object.entries(standin.account.project_resources).find(([, list]) => list.some((r) => r.urn === urn))?.[0];
const stepId = (saga: SagaDoc, name: string) => saga.steps.find((s) => s.name === name)!.providerId!;

/** `name` is the stack's host too: each test takes its own, as the preflight refuses a host another left behind. */
async function provision(tenant: string, observer?: SagaObserver, name = 'web'): Promise<SagaDoc> {
  await defineTenants(tenant);
  const deps = { config: config(), client: client(), queue: queue() };
  const saga = await createSaga(
    {
      blueprint: 'web-stack',
      tenant,
      params: { domain: 'example.com', firewall: 'web-fw', project: 'my-web-api', name },
      requestedBy: 'test',
    },
    deps,
  );
  await approveSaga(saga.sagaId, 'UADMIN', deps);
  return runSaga(saga.sagaId, engine(observer));
}

async function teardown(saga: SagaDoc): Promise<SagaDoc> {
  await deprovisionSaga(saga.sagaId, 'UADMIN', { queue: queue() });
  return runSaga(saga.sagaId, engine());
}

/** What a person does in DO outside Arcadia, through the same API. */
const outside = {
  async settle(actionId: number): Promise<void> {
    for (let i = 0; i < 5; i++)
      if ((await client().get<{ action: { status: string } }>(`/v2/actions/${actionId}`)).action.status === 'completed')
        return;
    throw new Error(`action ${actionId} did not complete`);
  },
  async droplet(name: string): Promise<number> {
    const { droplet } = await client().send<{ droplet: { id: number } }>('POST', '/v2/droplets', {
      name,
      region: 'nyc1',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
    });
    return droplet.id;
  },
  destroy: (dropletId: string) => client().send('DELETE', `/v2/droplets/${dropletId}`),
  async assignIp(ip: string, dropletId: number): Promise<void> {
    const { action } = await client().send<{ action: { id: number } }>('POST', `/v2/reserved_ips/${ip}/actions`, {
      type: 'assign',
      droplet_id: dropletId,
    });
    await outside.settle(action.id);
  },
  async attachVolume(volumeId: string, dropletId: number): Promise<void> {
    const { action } = await client().send<{ action: { id: number } }>('POST', `/v2/volumes/${volumeId}/actions`, {
      type: 'attach',
      droplet_id: dropletId,
      region: 'nyc1',
    });
    await outside.settle(action.id);
  },
  // Arcadia's client never edits records, so this PUT goes out by hand.
  async pointRecord(recordId: string, data: string): Promise<void> {
    const res = await fetch(`${standin.url}/v2/domains/example.com/records/${recordId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${standin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    expect(res.status).toBe(200);
  },
  moveToProject: (project: string, urn: string) =>
    client().send('POST', `/v2/projects/${projectId(project)}/resources`, { resources: [urn] }),
};

describe('tearing down a saga whose resources were taken over outside Arcadia', () => {
  beforeAll(
    () =>
      void standin.account.projects.push({
        id: 'a0a0a0a0-0000-4000-8000-00000000beef',
        name: 'other-team',
        is_default: false,
        owner_uuid: 'x',
        description: '',
        purpose: 'Web Application',
        environment: 'Production',
        created_at: '2025-07-01T00:00:00Z',
        updated_at: '2025-07-01T00:00:00Z',
      }),
  );

  it('leaves the reserved IP, the volume and the record that now serve another droplet alone, and reports each with why', async () => {
    const saga = await provision('taken');
    expect(saga.status).toBe('succeeded');
    const [dropletId, volumeId, ip, recordId] = ['droplet', 'volume', 'ip', 'dns'].map((n) => stepId(saga, n)) as [
      string,
      string,
      string,
      string,
    ];

    // The saga's droplet was destroyed out of band; the waste finding "unassigned reserved IP" was
    // answered by giving the IP (and the detached volume) to a new droplet, in another team's project.
    await outside.destroy(dropletId);
    const other = await outside.droplet('taken-replacement');
    await outside.assignIp(ip, other);
    await outside.attachVolume(volumeId, other);
    await outside.moveToProject('other-team', `do:floatingip:${ip}`);
    await outside.pointRecord(recordId, '198.51.100.7');

    const gone = await teardown(saga);
    expect(gone.status).toBe('deprovisioned');
    expect(gone.steps.map((s) => [s.name, s.status])).toEqual([
      ['droplet', 'removed'],
      ['volume', 'left_alone'],
      ['ip', 'left_alone'],
      ['dns', 'left_alone'],
      ['firewall', 'removed'],
      ['project', 'removed'],
    ]);
    expect(gone.leftovers.map((l) => [l.step, l.providerId, l.what])).toEqual([
      ['dns', recordId, 'web.example.com now points at 198.51.100.7: not deleted'],
      ['ip', ip, `${ip} is now assigned to droplet ${other}: not released`],
      ['volume', volumeId, `volume taken-web-data is now attached to droplet ${other}: not deleted`],
    ]);

    expect((standin.account.reserved_ips.find((r) => r.ip === ip)?.droplet as RawObject | undefined)?.id).toBe(other);
    expect(standin.account.volumes.find((v) => v.id === volumeId)?.droplet_ids).toEqual([other]);
    expect(standin.writes.records.get('example.com')!.find((r) => String(r.id) === recordId)).toMatchObject({
      data: '198.51.100.7',
    });
    // Project membership of what is no longer the saga's is not undone either: neither moved back from
    // the project its new owner chose, nor out of the saga's project it still sits in.
    expect(projectOf(`do:floatingip:${ip}`)).toBe(projectId('other-team'));
    expect(projectOf(`do:volume:${volumeId}`)).toBe(projectId('my-web-api'));
  });

  it('still releases the IP and deletes the volume that were left unassigned when the droplet went', async () => {
    const saga = await provision('orphaned', undefined, 'orphaned');
    const [dropletId, volumeId, ip] = ['droplet', 'volume', 'ip'].map((n) => stepId(saga, n)) as [
      string,
      string,
      string,
    ];
    await outside.destroy(dropletId);
    expect(standin.account.reserved_ips.find((r) => r.ip === ip)!.droplet).toBeNull();

    const gone = await teardown(saga);
    expect(gone.status).toBe('deprovisioned');
    expect(gone.leftovers).toEqual([]);
    expect(gone.steps.every((s) => s.status === 'removed')).toBe(true);
    expect(standin.account.reserved_ips.some((r) => r.ip === ip)).toBe(false);
    expect(standin.account.volumes.some((v) => v.id === volumeId)).toBe(false);
  });

  it('compensation after a failed step leaves alone an IP reassigned meanwhile, and reports it', async () => {
    let other = 0;
    const observer: SagaObserver = {
      onStep: async (_saga, step, event) => {
        if (step.name !== 'ip' || event !== 'done') return;
        other = await outside.droplet('grabber');
        await outside.assignIp(String(step.providerId), other);
      },
    };
    standin.inject({ path: '/v2/domains/example.com/records', method: 'POST', status: 422 });
    try {
      const saga = await provision('grabbed', observer, 'grabbed');
      expect(saga.status).toBe('compensated');
      const ip = stepId(saga, 'ip');
      expect(saga.steps.map((s) => s.status)).toEqual([
        'compensated',
        'compensated',
        'left_alone',
        'compensated',
        'pending',
        'pending',
      ]);
      expect(saga.leftovers).toEqual([
        expect.objectContaining({
          step: 'ip',
          kind: 'reserved_ip',
          providerId: ip,
          what: `${ip} is now assigned to droplet ${other}: not released`,
        }),
      ]);
      expect((standin.account.reserved_ips.find((r) => r.ip === ip)!.droplet as RawObject).id).toBe(other);
    } finally {
      standin.clearFaults();
    }
  });
});

/** The fixture blueprints (test/fixtures/blueprints), two-droplets among them. */
const fixtures = { ARCADIA_BLUEPRINTS_DIR: 'test/fixtures/blueprints' };
async function planned(blueprint: string, tenant: string): Promise<SagaDoc> {
  await defineTenants(tenant);
  const deps = { config: config(fixtures), client: client(), queue: queue() };
  const saga = await createSaga({ blueprint, tenant, params: { domain: 'example.com' }, requestedBy: 'test' }, deps);
  await approveSaga(saga.sagaId, 'UADMIN', deps);
  return saga;
}

const fixtureEngine = () => ({ ...engine(), config: config(fixtures) });
const sagaDroplets = (sagaId: string) =>
  standin.account.droplets.filter((d) => (d.tags as string[]).includes(`arcadia-saga:${sagaId}`));
const volumeNamed = (name: string) => standin.account.volumes.find((v) => v.name === name);

describe('a blueprint with two droplets', () => {
  it('creates both, each volume attached to its own droplet, quoted for both; deprovision removes both', async () => {
    const plan = await planned('two-droplets', 'pair');
    expect(plan.quoteCents).toBe(2 * 600 + 2 * 100);
    const saga = await runSaga(plan.sagaId, fixtureEngine());
    expect(saga.status).toBe('succeeded');

    const app = Number(stepId(saga, 'app'));
    const db = Number(stepId(saga, 'db'));
    expect(app).not.toBe(db);
    expect(sagaDroplets(saga.sagaId).map((d) => [d.name, d.id])).toEqual([
      ['pair-app', app],
      ['pair-db', db],
    ]);
    expect(volumeNamed('pair-app-data')!.droplet_ids).toEqual([app]);
    expect(volumeNamed('pair-db-data')!.droplet_ids).toEqual([db]);
    expect((standin.account.reserved_ips.find((r) => r.ip === stepId(saga, 'ip'))!.droplet as RawObject).id).toBe(app);

    await deprovisionSaga(saga.sagaId, 'UADMIN', { queue: queue() });
    const gone = await runSaga(saga.sagaId, fixtureEngine());
    expect(gone.status).toBe('deprovisioned');
    expect(sagaDroplets(saga.sagaId)).toEqual([]);
    expect(volumeNamed('pair-app-data')).toBeUndefined();
    expect(volumeNamed('pair-db-data')).toBeUndefined();
  });

  it('a saga stored before steps were tagged (droplet and volume carrying only the saga tag) resumes onto what it made', async () => {
    const plan = await planned('two-droplets', 'older');
    // What an earlier version left mid-saga: the app droplet and its volume made and tagged `arcadia-saga:<id>` only.
    const tag = `arcadia-saga:${plan.sagaId}`;
    const { droplet } = await client().send<{ droplet: RawObject }>('POST', '/v2/droplets', {
      name: 'older-app',
      region: 'nyc1',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
      tags: ['tenant:older', tag],
    });
    const { volume } = await client().send<{ volume: RawObject }>('POST', '/v2/volumes', {
      name: 'older-app-data',
      region: 'nyc1',
      size_gigabytes: 10,
      filesystem_type: 'ext4',
      tags: [tag],
    });
    const output = { providerId: String(droplet.id), region: 'nyc1' };
    await Saga.updateOne(
      { sagaId: plan.sagaId },
      {
        $set: {
          status: 'running',
          'steps.0.status': 'done',
          'steps.0.output': output,
          'steps.0.providerId': output.providerId,
          'steps.1.status': 'running',
        },
      },
    );

    const saga = await runSaga(plan.sagaId, fixtureEngine());
    expect(saga.status).toBe('succeeded');
    expect(stepId(saga, 'app_data')).toBe(volume.id);
    expect(sagaDroplets(plan.sagaId)).toHaveLength(2);
    expect(standin.account.volumes.filter((v) => String(v.name).startsWith('older-'))).toHaveLength(2);
    expect(volumeNamed('older-app-data')!.droplet_ids).toEqual([droplet.id]);
    expect(volumeNamed('older-db-data')!.droplet_ids).toEqual([Number(stepId(saga, 'db'))]);
  });

  it('a saga stored before steps were tagged, cut short at its first droplet step, adopts that droplet', async () => {
    const plan = await planned('two-droplets', 'oldapp');
    const tag = `arcadia-saga:${plan.sagaId}`;
    const { droplet } = await client().send<{ droplet: RawObject }>('POST', '/v2/droplets', {
      name: 'oldapp-app',
      region: 'nyc1',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
      tags: ['tenant:oldapp', tag],
    });
    await Saga.updateOne({ sagaId: plan.sagaId }, { $set: { status: 'running', 'steps.0.status': 'running' } });

    const saga = await runSaga(plan.sagaId, fixtureEngine());
    expect(saga.status).toBe('succeeded');
    expect(stepId(saga, 'app')).toBe(String(droplet.id));
    expect(sagaDroplets(plan.sagaId).map((d) => d.id)).toEqual([droplet.id, Number(stepId(saga, 'db'))]);
  });
});
