import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTenant } from '../../src/billing/tenant-store.js';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { SlackOutbox } from '../../src/outbox/producer.js';
import { runAnomalyCheck } from '../../src/slack/anomaly-check.js';
import { runSync } from '../../src/sync/engine.js';
import { droplet, project, volume } from '../../src/sync/kinds/index.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import {
  INSIGHTS_SCENARIO as S,
  plantInsightsScenario,
  resizeScenarioDroplet,
} from '../../testkit/digitalocean/billing-insights.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { isolation, silentLog, testConfig, useDatabase, useRedis } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const config = testConfig(iso, {
  ARCADIA_ALERTS_CHANNEL: 'C0ALERTS',
  ARCADIA_ROUTES: JSON.stringify([{ tenant: 'acme', channel: 'C0ACME' }]),
});
const account = sampleAccount();
account.billing_insights = plantInsightsScenario(account);
const standin = new DoStandin(account);
let outbox: SlackOutbox;
let client: DoClient;

beforeAll(async () => {
  await standin.start();
  outbox = new SlackOutbox({ queue: { connection: redis(), prefix: iso.prefix }, redis: redis(), log: silentLog });
  client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 1 });
  await setTenant({ name: 'acme', projects: ['my-web-api'] });
  let run = 0;
  const sync = (spec: typeof droplet | typeof project | typeof volume, at: string) =>
    runSync({ spec, client, config, runId: `run-${++run}`, log: silentLog, now: () => new Date(at) });
  for (const spec of [project, droplet, volume]) await sync(spec, '2026-01-02T00:00:00Z');
  resizeScenarioDroplet(account);
  await sync(droplet, `${S.RESIZE_DAY}T12:00:00Z`);
});
afterAll(async () => {
  await outbox.close();
  await standin.stop();
});

describe('the daily anomaly check', () => {
  const deps = () => ({
    config,
    accounts: AccountClients.single(client),
    outbox,
    redis: redis(),
    prefix: iso.prefix,
    log: silentLog,
  });

  it('lets a check that failed run again the same day', async () => {
    // An outbox whose Redis connection is gone: the digest cannot be queued.
    const gone = redis().duplicate();
    await gone.quit();
    const broken = new SlackOutbox({ queue: { connection: redis(), prefix: iso.prefix }, redis: gone, log: silentLog });
    expect(await runAnomalyCheck({ ...deps(), outbox: broken }, new Date('2026-02-28T08:00:00Z'))).toEqual({
      outcome: 'failed',
    });
    await broken.close();
    // The next test's run, the same day, judges that day again and posts.
  });

  it("backfills, judges yesterday and queues one digest to the tenant's route, with its chart", async () => {
    const result = await runAnomalyCheck(deps(), new Date('2026-02-28T08:15:00Z'));
    expect(result).toMatchObject({ outcome: 'posted', channels: ['C0ACME'] });
    const queued = (await outbox.queue.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.data.message);
    const digests = queued.filter((m) => m.label === 'anomaly-digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.target).toEqual({ to: 'channel', channel: 'C0ACME' });
    expect(digests[0]!.blocks[0]).toMatchObject({ text: { text: '1 spend anomaly on Feb 27: +$3.20/day' } });
    expect(JSON.stringify(digests[0]!.blocks)).toContain('droplet example.com changed that day (now s-8vcpu-16gb)');
    expect(digests[0]!.image).toMatchObject({ filename: 'spend-acme-2026-02-27.png' });
    expect(Buffer.from(digests[0]!.image!.pngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('runs once a day however many instances run the schedule', async () => {
    expect(await runAnomalyCheck(deps(), new Date('2026-02-28T08:15:30Z'))).toEqual({ outcome: 'already-checked' });
  });

  it("reads and judges the other teams when one team's Billing Insights cannot be read", async () => {
    const accounts = AccountClients.create(
      [
        { name: 'default', token: standin.token },
        { name: 'staging', token: 'not-a-token' },
      ],
      { baseUrl: standin.url, retryBaseMs: 1, maxRetries: 1 },
    );
    const result = await runAnomalyCheck({ ...deps(), accounts }, new Date('2026-03-01T08:15:00Z'));
    expect(result.outcome).not.toBe('failed');
    expect(result.failed).toEqual(['staging']);
    expect(result.run!.judged.map((j) => j.account)).toEqual(['default']);
  });
});
