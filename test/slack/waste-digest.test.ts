import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingState } from '../../models/finding-state.js';
import { WasteFinding } from '../../models/waste-finding.js';
import { channelOf, type OutboxJob } from '../../src/outbox/message.js';
import { SlackOutbox } from '../../src/outbox/producer.js';
import { postWasteDigest } from '../../src/slack/waste-digest.js';
import { isolation, silentLog, testConfig, useDatabase, useRedis } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const now = new Date('2025-07-07T09:00:00Z');
const config = testConfig(iso, {
  ARCADIA_ALERTS_CHANNEL: 'C0ALERTS',
  ARCADIA_ROUTES: JSON.stringify([{ project: 'my-web-api', channel: 'C0WEB' }]),
});
let outbox: SlackOutbox;

const finding = (id: string, cents: number, projectName: string | null, tags: string[] = []) => ({
  _id: `unattached-volume:digitalocean:volume:${id}`,
  ruleId: 'unattached-volume',
  kind: 'volume',
  providerId: id,
  name: id,
  region: 'nyc1',
  projectName,
  tags,
  reason: 'volume attached to no droplet',
  monthlyCents: cents,
  since: now,
  firstSeenAt: now,
  lastSeenAt: now,
  fingerprint: `unattached-volume|${cents}`,
});

beforeAll(async () => {
  outbox = new SlackOutbox({
    queue: { connection: redis(), prefix: iso.prefix },
    redis: redis(),
    log: silentLog,
    perChannelIntervalMs: 0,
  });
  await WasteFinding.create([
    finding('web-1', 1000, 'my-web-api'),
    finding('web-2', 200, 'my-web-api'),
    finding('loose', 500, null),
    finding('acked', 9900, null),
  ]);
  await FindingState.create({
    _id: 'unattached-volume:digitalocean:volume:acked',
    acknowledgedBy: 'U1',
    acknowledgedAt: now,
    acknowledgedFingerprint: 'unattached-volume|9900',
  });
});
afterAll(() => outbox.close());

describe('weekly waste digest', () => {
  it('posts one message per routed channel, unrouted findings to the alerts channel, acknowledged ones left out, once a day', async () => {
    const channels = await postWasteDigest({ config, outbox, redis: redis(), prefix: iso.prefix, log: silentLog }, now);
    expect(channels).toEqual(['C0WEB', 'C0ALERTS']);
    const jobs = (await outbox.queue.getJobs(['waiting', 'delayed'])) as { data: OutboxJob }[];
    const byChannel = new Map(jobs.map((j) => [channelOf(j.data.message.target), j.data.message]));
    expect(byChannel.size).toBe(2);
    expect(byChannel.get('C0WEB')!.text).toBe('Weekly waste digest: $12.00/mo of waste in 2 findings');
    expect(byChannel.get('C0ALERTS')!.text).toBe('Weekly waste digest: $5.00/mo of waste in 1 finding');
    expect(JSON.stringify(byChannel.get('C0ALERTS')!.blocks)).not.toContain('acked');

    expect(await postWasteDigest({ config, outbox, redis: redis(), prefix: iso.prefix, log: silentLog }, now)).toEqual(
      [],
    );
    expect(await outbox.queue.count()).toBe(2);
  });
});

describe('waste digest with a custom ARCADIA_TENANT_TAG_PREFIX', () => {
  it('reads the tenant with the configured prefix: shown on the finding and routed to the tenant channel', async () => {
    const later = new Date('2025-07-14T09:00:00Z');
    const custom = testConfig(iso, {
      ARCADIA_ALERTS_CHANNEL: 'C0ALERTS',
      ARCADIA_TENANT_TAG_PREFIX: 'customer:',
      ARCADIA_ROUTES: JSON.stringify([
        { tenant: 'globex', channel: 'C0GLOBEX' },
        { tenant: 'acme', channel: 'C0ACME' },
      ]),
    });
    await WasteFinding.create([
      finding('globex-data', 700, null, ['env:prod', 'customer:globex']),
      finding('acme-data', 300, null, ['tenant:acme']),
    ]);

    const channels = await postWasteDigest(
      { config: custom, outbox, redis: redis(), prefix: iso.prefix, log: silentLog },
      later,
    );
    // `tenant:acme` is an ordinary tag under the `customer:` prefix: that finding has no tenant and goes to the alerts channel.
    expect(channels.sort()).toEqual(['C0ALERTS', 'C0GLOBEX']);
    const jobs = (await outbox.queue.getJobs(['waiting', 'delayed'])) as { id?: string; data: OutboxJob }[];
    const byChannel = new Map(
      jobs
        .filter((j) => j.id?.startsWith('waste-digest-2025-07-14-'))
        .map((j) => [channelOf(j.data.message.target), j.data.message]),
    );
    expect(byChannel.get('C0GLOBEX')!.text).toBe('Weekly waste digest: $7.00/mo of waste in 1 finding');
    const globex = JSON.stringify(byChannel.get('C0GLOBEX')!.blocks);
    expect(globex).toContain('globex-data');
    expect(globex).toContain('Tenant *globex*');
    const rest = JSON.stringify(byChannel.get('C0ALERTS')!.blocks);
    expect(rest).toContain('acme-data');
    expect(rest).not.toContain('Tenant *');
  });
});
