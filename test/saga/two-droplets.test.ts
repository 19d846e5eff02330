import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount, type RawObject } from '../../testkit/digitalocean/account.js';
import { runSaga } from '../../src/saga/engine.js';
import { approveSaga, createSaga, deprovisionSaga } from '../../src/saga/saga-service.js';
import { provisionQueue, type ProvisionJob } from '../../jobs/queues.js';
import { Saga, type SagaDoc } from '../../models/saga.js';
import { isolation, silentLog, testConfig, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const standin = useDoStandin(new DoStandin(sampleAccount()));
let queue: Queue<ProvisionJob>;
beforeAll(() => void (queue = provisionQueue({ connection: redis(), prefix: iso.prefix })));
afterAll(() => queue.close());

const config = () =>
  testConfig(iso, {
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_BLUEPRINTS_DIR: 'test/fixtures/blueprints',
    ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
    ARCADIA_PROVISION_ACTION_POLL_MS: '1',
  });
const client = () => new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 1 });
const engine = () => ({ client: client(), config: config(), log: silentLog });

async function planned(blueprint: string, tenant: string): Promise<SagaDoc> {
  const deps = { config: config(), client: client(), queue };
  const saga = await createSaga({ blueprint, tenant, params: { domain: 'example.com' }, requestedBy: 'test' }, deps);
  await approveSaga(saga.sagaId, 'UADMIN', deps);
  return saga;
}

const sagaDroplets = (sagaId: string) => standin.account.droplets.filter((d) => (d.tags as string[]).includes(`arcadia-saga:${sagaId}`));
const volumeNamed = (name: string) => standin.account.volumes.find((v) => v.name === name);
const stepId = (saga: SagaDoc, name: string) => saga.steps.find((s) => s.name === name)!.providerId;

describe('a blueprint with two droplets', () => {
  it('creates both, each volume attached to its own droplet, quoted for both; deprovision removes both', async () => {
    const plan = await planned('two-droplets', 'pair');
    expect(plan.quoteCents).toBe(2 * 600 + 2 * 100);
    const saga = await runSaga(plan.sagaId, engine());
    expect(saga.status).toBe('succeeded');

    const app = Number(stepId(saga, 'app'));
    const db = Number(stepId(saga, 'db'));
    expect(app).not.toBe(db);
    expect(sagaDroplets(saga.sagaId).map((d) => [d.name, d.id])).toEqual([['pair-app', app], ['pair-db', db]]);
    expect(volumeNamed('pair-app-data')!.droplet_ids).toEqual([app]);
    expect(volumeNamed('pair-db-data')!.droplet_ids).toEqual([db]);
    expect((standin.account.reserved_ips.find((r) => r.ip === stepId(saga, 'ip'))!.droplet as RawObject).id).toBe(app);

    await deprovisionSaga(saga.sagaId, 'UADMIN', { queue });
    const gone = await runSaga(saga.sagaId, engine());
    expect(gone.status).toBe('deprovisioned');
    expect(sagaDroplets(saga.sagaId)).toEqual([]);
    expect(volumeNamed('pair-app-data')).toBeUndefined();
    expect(volumeNamed('pair-db-data')).toBeUndefined();
  });

  it('a saga stored before steps were tagged (droplet and volume carrying only the saga tag) resumes onto what it made', async () => {
    const plan = await planned('two-droplets', 'older');
    // What an earlier version left mid-saga: the app droplet and its volume made and tagged `arcadia-saga:<id>` only.
    const tag = `arcadia-saga:${plan.sagaId}`;
    const { droplet } = await client().send<{ droplet: RawObject }>('POST', '/v2/droplets', { name: 'older-app', region: 'nyc1', size: 's-1vcpu-1gb', image: 'ubuntu-24-04-x64', tags: ['tenant:older', tag] });
    const { volume } = await client().send<{ volume: RawObject }>('POST', '/v2/volumes', { name: 'older-app-data', region: 'nyc1', size_gigabytes: 10, filesystem_type: 'ext4', tags: [tag] });
    const output = { providerId: String(droplet.id), region: 'nyc1' };
    await Saga.updateOne(
      { sagaId: plan.sagaId },
      { $set: { status: 'running', 'steps.0.status': 'done', 'steps.0.output': output, 'steps.0.providerId': output.providerId, 'steps.1.status': 'running' } },
    );

    const saga = await runSaga(plan.sagaId, engine());
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
    const { droplet } = await client().send<{ droplet: RawObject }>('POST', '/v2/droplets', { name: 'oldapp-app', region: 'nyc1', size: 's-1vcpu-1gb', image: 'ubuntu-24-04-x64', tags: ['tenant:oldapp', tag] });
    await Saga.updateOne({ sagaId: plan.sagaId }, { $set: { status: 'running', 'steps.0.status': 'running' } });

    const saga = await runSaga(plan.sagaId, engine());
    expect(saga.status).toBe('succeeded');
    expect(stepId(saga, 'app')).toBe(String(droplet.id));
    expect(sagaDroplets(plan.sagaId).map((d) => d.id)).toEqual([droplet.id, Number(stepId(saga, 'db'))]);
  });
});
