import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRun } from '../../models/sync-run.js';
import type { SyncResult } from '../../src/sync/engine.js';
import { channelOf, type OutboxJob } from '../../src/outbox/message.js';
import { SlackOutbox } from '../../src/outbox/producer.js';
import { syncAlertHooks } from '../../src/slack/sync-alerts.js';
import type { SyncReplies } from '../../src/slack/sync-replies.js';
import { isolation, silentLog, testConfig, useDatabase, useRedis } from '../helpers/context.js';
import { seedResources } from '../invoice/seed.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const ROUTES = [
  { project: 'my-web-api', channel: 'C0WEB' },
  { tenant: 'acme', channel: 'C0ACME' },
  { tag: 'env:prod', channel: 'C0PROD' },
];
const config = testConfig(iso, { ARCADIA_ALERTS_CHANNEL: 'C0ALERTS', ARCADIA_ROUTES: JSON.stringify(ROUTES) });
const replies = {} as SyncReplies;
let outbox: SlackOutbox;

beforeAll(async () => {
  outbox = new SlackOutbox({
    queue: { connection: redis(), prefix: iso.prefix },
    redis: redis(),
    log: silentLog,
    perChannelIntervalMs: 0,
  });
  await seedResources([
    { kind: 'project', providerId: 'p-web', name: 'my-web-api' },
    { kind: 'droplet', providerId: '101', name: 'web-1', projectId: 'p-web', stale: true },
    { kind: 'droplet', providerId: '102', name: 'web-2', projectId: 'p-web', stale: true },
    { kind: 'droplet', providerId: '103', name: 'acme-worker', tags: ['tenant:acme'], stale: true },
    { kind: 'droplet', providerId: '104', name: 'db-proxy', tags: ['env:prod'] },
    { kind: 'droplet', providerId: '105', name: 'loose', stale: true },
    { kind: 'droplet', providerId: '106', name: 'globex-cache', tags: ['customer:globex'], stale: true },
    { kind: 'droplet', providerId: '107', name: 'globex-web', tags: ['customer:globex'] },
  ]);
});
afterAll(() => outbox.close());

function result(runId: string, stale: string[][], revived: string[][] = []): SyncResult {
  const named = (rows: string[][]) => rows.map(([providerId, name]) => ({ providerId: providerId!, name: name! }));
  return {
    runId,
    kind: 'droplet',
    account: 'default',
    status: 'succeeded',
    durationMs: 1,
    error: null,
    skippedBecause: null,
    reportedTotal: null,
    notes: [],
    listed: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    markedStale: stale.length,
    revived: revived.length,
    skipped: 0,
    apiCalls: 1,
    newlyStale: named(stale),
    newlyRevived: named(revived),
  };
}

/** The stale alerts queued, by channel (of one run when `runId` is given). */
async function alerts(runId?: string): Promise<Map<string, OutboxJob['message']>> {
  const jobs = (await outbox.queue.getJobs(['waiting', 'delayed'])) as { id?: string; data: OutboxJob }[];
  const ofRun = (id: string | undefined) =>
    runId === undefined || id === `stale-alert-${runId}` || Boolean(id?.startsWith(`stale-alert-${runId}-`));
  return new Map(
    jobs
      .filter((j) => j.data.message.label === 'stale-alert' && ofRun(j.id))
      .map((j) => [channelOf(j.data.message.target), j.data.message]),
  );
}

describe('stale alerts routed by ARCADIA_ROUTES', () => {
  it('one message per channel: by project, tenant and tag like waste findings; unrouted ones to the alerts channel; once per run', async () => {
    await SyncRun.create({ runId: 'run-1', kind: 'droplet', status: 'succeeded', startedAt: new Date() });
    const hooks = syncAlertHooks({ config, outbox, replies, log: silentLog });
    const run = result(
      'run-1',
      [
        ['101', 'web-1'],
        ['102', 'web-2'],
        ['103', 'acme-worker'],
        ['105', 'loose'],
        ['999', 'never-synced'],
      ],
      [['104', 'db-proxy']],
    );
    await hooks.afterRun(run, { data: { kind: 'droplet' } as never });

    const byChannel = await alerts();
    expect([...byChannel.keys()].sort()).toEqual(['C0ACME', 'C0ALERTS', 'C0PROD', 'C0WEB']);
    expect(byChannel.get('C0WEB')!.text).toMatch(/^droplet: 2 newly stale/);
    expect(JSON.stringify(byChannel.get('C0WEB')!.blocks)).toContain('web-2');
    expect(JSON.stringify(byChannel.get('C0WEB')!.blocks)).not.toContain('acme-worker');
    expect(JSON.stringify(byChannel.get('C0ACME')!.blocks)).toContain('Tenant *acme*');
    // A revived resource is told where its tag routes it.
    expect(byChannel.get('C0PROD')!.text).toBe('droplet: 0 newly stale, 1 revived');
    // Unrouted, and one the database does not know, go to the alerts channel.
    const rest = JSON.stringify(byChannel.get('C0ALERTS')!.blocks);
    expect(rest).toContain('loose');
    expect(rest).toContain('never-synced');
    expect(rest).not.toContain('web-1');

    await hooks.afterRun(run, { data: { kind: 'droplet' } as never });
    expect((await outbox.queue.getJobs(['waiting', 'delayed'])).length).toBe(4);
  });
});

describe('stale alerts with a custom ARCADIA_TENANT_TAG_PREFIX', () => {
  it('read the tenant with the configured prefix: shown on the alert and routed to the tenant channel; a default-prefix tag routes nowhere', async () => {
    const custom = testConfig(iso, {
      ARCADIA_ALERTS_CHANNEL: 'C0ALERTS',
      ARCADIA_TENANT_TAG_PREFIX: 'customer:',
      ARCADIA_ROUTES: JSON.stringify([{ tenant: 'globex', channel: 'C0GLOBEX' }, ...ROUTES]),
    });
    await SyncRun.create({ runId: 'run-2', kind: 'droplet', status: 'succeeded', startedAt: new Date() });
    const hooks = syncAlertHooks({ config: custom, outbox, replies, log: silentLog });
    await hooks.afterRun(
      result(
        'run-2',
        [
          ['106', 'globex-cache'],
          ['103', 'acme-worker'],
        ],
        [['107', 'globex-web']],
      ),
      { data: { kind: 'droplet' } as never },
    );

    const byChannel = await alerts('run-2');
    expect([...byChannel.keys()].sort()).toEqual(['C0ALERTS', 'C0GLOBEX']);
    expect(byChannel.get('C0GLOBEX')!.text).toBe('droplet: 1 newly stale, 1 revived');
    const globex = JSON.stringify(byChannel.get('C0GLOBEX')!.blocks);
    expect(globex).toContain('Tenant *globex*');
    expect(globex).toContain('globex-web');
    // `tenant:acme` is an ordinary tag under the `customer:` prefix: no tenant, no tenant route.
    const rest = JSON.stringify(byChannel.get('C0ALERTS')!.blocks);
    expect(rest).toContain('acme-worker');
    expect(rest).not.toContain('Tenant *');
  });
});
