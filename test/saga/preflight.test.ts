import { beforeAll, afterEach, describe, expect, it } from 'vitest';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount, standinAccountInfo, standinSizes, domainRecord } from '../../testkit/digitalocean/account.js';
import { runSaga } from '../../src/saga/engine.js';
import { approveSaga, createSaga, rejectSaga } from '../../src/saga/saga-service.js';
import {
  DnsNameTakenError,
  DropletLimitError,
  MissingDependencyError,
  PreflightError,
  SizeUnavailableError,
  TenantSpendCapError,
  UnknownTenantError,
} from '../../src/saga/errors.js';
import { Saga } from '../../models/saga.js';
import {
  isolation,
  silentLog,
  testConfig,
  useDatabase,
  useDoStandin,
  useProvisionQueue,
  useRedis,
} from '../helpers/context.js';
import { defineTenants } from '../helpers/tenants.js';

const iso = isolation();
useDatabase(iso);
const standin = useDoStandin(new DoStandin(sampleAccount()));
const queue = useProvisionQueue(iso, useRedis());
afterEach(() => {
  standin.writes.records.clear();
  standin.account.sizes = standinSizes();
  standin.account.account = standinAccountInfo();
});

const config = (extra: Record<string, string> = {}) =>
  testConfig(iso, {
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
    ARCADIA_PROVISION_ACTION_POLL_MS: '1',
    ...extra,
  });
const client = () => new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 1 });
const deps = (extra: Record<string, string> = {}) => ({ config: config(extra), client: client(), queue: queue() });
const request = (tenant: string, params: Record<string, string> = {}) => ({
  blueprint: 'web-stack',
  tenant,
  params: { domain: 'example.com', ...params },
  requestedBy: 'test',
});
const record = domainRecord;

const refusalExpected = (): never => {
  throw new Error('expected a refusal');
};

/** Runs `refused`, which must throw, and checks that it wrote nothing to DO and stored no saga. */
async function refusedWithoutWriting(tenant: string, refused: () => Promise<unknown>): Promise<Error> {
  standin.resetCounts();
  const err = await refused().then(refusalExpected, (e: unknown) => e as Error);
  expect(standin.writeRequests()).toEqual([]);
  expect(await Saga.countDocuments({ tenant })).toBe(0);
  return err;
}

beforeAll(() => defineTenants('acme', 'capco', 'free', 'late', 'ledger', 'other', 'rush', 'vex', 'wyx', 'yew', 'zed'));

describe('the DNS name a stack takes', () => {
  it('refuses a name that already has an A, AAAA or CNAME record, before anything is stored or written', async () => {
    standin.writes.records.set('example.com', [
      record('A', 'www', '198.51.100.7'),
      record('AAAA', 'www', '2001:db8::7'),
      record('CNAME', 'shop', 'shops.example.net.'),
      record('TXT', 'mail', 'v=spf1 -all'),
    ]);
    const www = await refusedWithoutWriting('acme', () => createSaga(request('acme', { name: 'www' }), deps()));
    expect(www).toBeInstanceOf(DnsNameTakenError);
    expect(www.message).toBe('www.example.com already has an A record (198.51.100.7) and an AAAA record (2001:db8::7)');
    const shop = await refusedWithoutWriting('acme', () => createSaga(request('acme', { name: 'shop' }), deps()));
    expect((shop as DnsNameTakenError).sentence).toBe(
      'Refused: shop.example.com already has a CNAME record (shops.example.net.); an A record beside it would send part of its traffic to the new droplet, so choose another name.',
    );
    // A name with only other records (TXT) is free for an A record.
    expect((await createSaga(request('acme', { name: 'mail' }), deps())).status).toBe('pending_approval');
  });

  it('a name taken between the request and its approval fails the DNS step: the stack is undone and the other record left alone', async () => {
    const saga = await createSaga(request('late', { name: 'late' }), deps());
    const theirs = record('A', 'late', '198.51.100.9');
    standin.writes.records.set('example.com', [theirs]);
    await approveSaga(saga.sagaId, 'UADMIN', { queue: queue() });
    const done = await runSaga(saga.sagaId, { client: client(), config: config(), log: silentLog });
    expect(done.status).toBe('compensated');
    expect(done.error).toBe('dns (dns_record) failed: late.example.com already has an A record (198.51.100.9)');
    expect(standin.writes.records.get('example.com')).toEqual([theirs]);
    expect(standin.account.droplets.some((d) => d.name === 'late-late')).toBe(false);
  });
});

describe('the preflight', () => {
  it('lists every problem at once, one sentence each, writing nothing to DO and storing nothing', async () => {
    const dropletCount = standin.account.droplets.length;
    standin.account.droplets.push({ ...standin.account.droplets[0]!, id: 777001, name: 'zed-web' });
    standin.account.volumes.push({
      ...standin.account.volumes[0]!,
      id: 'zed-vol',
      name: 'zed-web-data',
      region: { slug: 'sfo3', name: 'SFO3' },
    });
    standin.writes.records.set('example.com', [record('A', 'web', '198.51.100.1')]);
    standin.account.sizes.find((s) => s.slug === 's-1vcpu-2gb')!.regions = ['nyc1', 'ams3'];
    standin.account.account.droplet_limit = dropletCount + 1;
    try {
      const err = await refusedWithoutWriting('zed', () =>
        createSaga(request('zed', { region: 'sfo3', size: 's-1vcpu-2gb' }), deps()),
      );
      expect(err).toBeInstanceOf(PreflightError);
      expect((err as PreflightError).sentence).toBe(
        [
          'Refused, for 5 reasons:',
          '• size s-1vcpu-2gb is not offered in region sfo3 (it is in nyc1, ams3); choose another size or region.',
          '• droplet zed-web already exists (id 777001); choose another name.',
          '• volume zed-web-data already exists (in sfo3, id zed-vol); choose another name.',
          '• web.example.com already has an A record (198.51.100.1); an A record beside it would send part of its traffic to the new droplet, so choose another name.',
          `• the DigitalOcean team runs ${dropletCount + 1} droplets and this plan adds 1, over its droplet limit of ${dropletCount + 1}; delete droplets first, or ask DigitalOcean to raise the limit.`,
        ].join('\n'),
      );
    } finally {
      standin.account.droplets = standin.account.droplets.filter((d) => d.id !== 777001);
      standin.account.volumes = standin.account.volumes.filter((v) => v.id !== 'zed-vol');
    }
  });

  it('refuses a size DO lists as unavailable, an unknown size, and a domain the team does not have', async () => {
    standin.account.sizes.find((s) => s.slug === 's-2vcpu-4gb')!.available = false;
    const unavailable = await refusedWithoutWriting('yew', () =>
      createSaga(request('yew', { size: 's-2vcpu-4gb' }), deps()),
    );
    expect(unavailable).toBeInstanceOf(SizeUnavailableError);
    expect(unavailable.message).toBe(
      'size s-2vcpu-4gb cannot be created at the moment (DigitalOcean lists it as unavailable)',
    );
    const both = await refusedWithoutWriting('yew', () =>
      createSaga(request('yew', { size: 's-99vcpu', domain: 'nowhere.example' }), deps()),
    );
    expect((both as PreflightError).problems.map((p) => p.message)).toEqual([
      '"s-99vcpu" is not a DigitalOcean droplet size',
      'domain "nowhere.example" does not exist in the DigitalOcean account',
    ]);
  });

  it('refuses a firewall or project the team does not have, before anything is created and undone', async () => {
    const err = await refusedWithoutWriting('wyx', () =>
      createSaga(request('wyx', { firewall: 'no-such-fw', project: 'no-such-project' }), deps()),
    );
    expect((err as PreflightError).sentence).toBe(
      [
        'Refused, for 2 reasons:',
        '• firewall "no-such-fw" does not exist in the DigitalOcean account; name one that exists, or create it in DigitalOcean first.',
        '• project "no-such-project" does not exist in the DigitalOcean account; name one that exists, or create it in DigitalOcean first.',
      ].join('\n'),
    );
    const one = await refusedWithoutWriting('wyx', () =>
      createSaga(request('wyx', { firewall: 'no-such-fw' }), deps()),
    );
    expect(one).toBeInstanceOf(MissingDependencyError);
    // The sample account's firewall and project are accepted.
    expect((await createSaga(request('wyx', { firewall: 'web-fw', project: 'my-web-api' }), deps())).status).toBe(
      'pending_approval',
    );
  });

  it('refuses a tenant not defined, whose costs billing would otherwise share among the others', async () => {
    const err = await refusedWithoutWriting('nobody', () => createSaga(request('nobody'), deps()));
    expect(err).toBeInstanceOf(UnknownTenantError);
    expect((err as UnknownTenantError).sentence).toBe(
      'Refused: tenant "nobody" is not defined, so billing would share its stack\'s costs among the other tenants; define it first (`arcadia tenant set nobody`) or name a defined one (`arcadia tenant list`).',
    );
    await defineTenants('nobody');
    expect((await createSaga(request('nobody'), deps())).status).toBe('pending_approval');
  });

  it('counts what the team runs against its droplet_limit: the last droplet that fits is allowed', async () => {
    standin.account.account.droplet_limit = standin.account.droplets.length;
    const full = await refusedWithoutWriting('vex', () => createSaga(request('vex', { name: 'vex' }), deps()));
    expect(full).toBeInstanceOf(DropletLimitError);
    standin.account.account.droplet_limit = standin.account.droplets.length + 1;
    expect((await createSaga(request('vex', { name: 'vex' }), deps())).status).toBe('pending_approval');
  });
});

describe('ARCADIA_TENANT_MAX_MONTHLY_USD', () => {
  // web-stack at its defaults: a $6.00 droplet and a $1.00 volume.
  const capped = { ARCADIA_TENANT_MAX_MONTHLY_USD: '15' };

  it("refuses a request that would take the tenant's live stacks past the cap, saying the numbers", async () => {
    const first = await createSaga(request('capco', { name: 'c1' }), deps(capped));
    await createSaga(request('capco', { name: 'c2' }), deps(capped));
    standin.resetCounts();
    const err = await createSaga(request('capco', { name: 'c3' }), deps(capped)).then(
      refusalExpected,
      (e: unknown) => e as TenantSpendCapError,
    );
    expect(err).toBeInstanceOf(TenantSpendCapError);
    expect(err.sentence).toBe(
      "Refused: capco's stacks already cost $14.00/month and this one would add $7.00, over the tenant cap of $15.00 (ARCADIA_TENANT_MAX_MONTHLY_USD); deprovision one of capco's stacks, or ask an admin to raise the cap.",
    );
    expect(standin.writeRequests()).toEqual([]);
    expect(await Saga.countDocuments({ tenant: 'capco' })).toBe(2);
    // Another tenant has a cap of its own.
    expect((await createSaga(request('other', { name: 'o1' }), deps(capped))).status).toBe('pending_approval');
    // A rejected request holds nothing.
    await rejectSaga(first.sagaId, 'UADMIN');
    expect((await createSaga(request('capco', { name: 'c3' }), deps(capped))).status).toBe('pending_approval');
  });

  it('counts running, succeeded and failed-with-leftovers sagas; not compensated, deprovisioned or failed-clean ones', async () => {
    const statuses = [
      'running',
      'succeeded',
      'compensating',
      'deprovisioning',
      'compensated',
      'deprovisioned',
      'rejected',
    ] as const;
    const made = [];
    for (const [i, status] of statuses.entries()) {
      const saga = await createSaga(request('ledger', { name: `l${i}` }), deps());
      await Saga.updateOne({ sagaId: saga.sagaId }, { $set: { status } });
      made.push(saga);
    }
    const leaky = await createSaga(request('ledger', { name: 'leaky' }), deps());
    await Saga.updateOne(
      { sagaId: leaky.sagaId },
      {
        $set: { status: 'failed', leftovers: [{ step: 'droplet', kind: 'droplet', providerId: '1', what: 'droplet' }] },
      },
    );
    const clean = await createSaga(request('ledger', { name: 'clean' }), deps());
    await Saga.updateOne({ sagaId: clean.sagaId }, { $set: { status: 'failed', leftovers: [] } });
    // running, succeeded, compensating, deprovisioning and the leaky one: 5 x $7.00.
    const err = await createSaga(
      request('ledger', { name: 'next' }),
      deps({ ARCADIA_TENANT_MAX_MONTHLY_USD: '41' }),
    ).then(refusalExpected, (e: unknown) => e as TenantSpendCapError);
    expect(err).toBeInstanceOf(TenantSpendCapError);
    expect(err.context).toMatchObject({ liveCents: 3500, quoteCents: 700, capCents: 4100 });
    expect(
      (await createSaga(request('ledger', { name: 'next' }), deps({ ARCADIA_TENANT_MAX_MONTHLY_USD: '42' }))).status,
    ).toBe('pending_approval');
  });

  it('requests made at the same moment never add up past the cap', async () => {
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((i) =>
        createSaga(request('rush', { name: `r${i}` }), deps({ ARCADIA_TENANT_MAX_MONTHLY_USD: '10' })),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.every((r) => r.reason instanceof TenantSpendCapError)).toBe(true);
    const kept = await Saga.find({ tenant: 'rush' }).lean();
    expect(kept.reduce((sum, s) => sum + s.quoteCents, 0)).toBeLessThanOrEqual(1000);
    expect(kept).toHaveLength(results.length - refused.length);
  });

  it('has no cap when unset', async () => {
    for (const i of [1, 2, 3]) await createSaga(request('free', { name: `f${i}`, size: 's-8vcpu-16gb' }), deps());
    expect(await Saga.countDocuments({ tenant: 'free' })).toBe(3);
  });
});
