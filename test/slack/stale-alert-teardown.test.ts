import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resource, resourceKey } from '../../models/resource.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { channelOf, type OutboxJob } from '../../src/outbox/message.js';
import { SlackOutbox } from '../../src/outbox/producer.js';
import { runSaga } from '../../src/saga/engine.js';
import { approveSaga, createSaga, deprovisionSaga } from '../../src/saga/saga-service.js';
import { syncAlertHooks } from '../../src/slack/sync-alerts.js';
import type { SyncReplies } from '../../src/slack/sync-replies.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { isolation, silentLog, useProvisionQueue, useRedis } from '../helpers/context.js';
import { kindHarness } from '../sync/kinds/harness.js';
import { defineTenants } from '../helpers/tenants.js';

const iso = isolation();
const h = kindHarness(iso, {
  ARCADIA_ALERTS_CHANNEL: 'C0ALERTS',
  ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
  ARCADIA_PROVISION_ACTION_POLL_MS: '1',
});
const redis = useRedis();
const queue = useProvisionQueue(iso, redis);
let outbox: SlackOutbox;
beforeAll(() => {
  outbox = new SlackOutbox({
    queue: { connection: redis(), prefix: iso.prefix },
    redis: redis(),
    log: silentLog,
    perChannelIntervalMs: 0,
  });
});
afterAll(() => outbox.close());

const client = () => new DoClient({ token: h.standin.token, baseUrl: h.standin.url, retryBaseMs: 1, maxRetries: 1 });
const KINDS = ['droplet', 'volume', 'floating_ip'] as const;

/** The stale alerts queued for a sync run, as the outbox holds them. */
async function staleAlerts(runId: string): Promise<OutboxJob['message'][]> {
  const jobs = (await outbox.queue.getJobs(['waiting', 'delayed'])) as { id?: string; data: OutboxJob }[];
  return jobs
    .filter((j) => j.data.message.label === 'stale-alert' && Boolean(j.id?.startsWith(`stale-alert-${runId}`)))
    .map((j) => j.data.message);
}

beforeAll(() => defineTenants('teardown'));

describe('stale alerts after a teardown', () => {
  it('leave out what the saga deleted (no buttons, no link to a deleted resource), and still alert what else went', async () => {
    await h.reset();
    const deps = { config: h.config, client: client(), queue: queue() };
    const planned = await createSaga(
      {
        blueprint: 'web-stack',
        tenant: 'teardown',
        params: { domain: 'example.com', name: 'td' },
        requestedBy: 'test',
      },
      deps,
    );
    await approveSaga(planned.sagaId, 'UADMIN', deps);
    const made = await runSaga(planned.sagaId, { client: client(), config: h.config, log: silentLog });
    expect(made.status).toBe('succeeded');
    for (const kind of KINDS) await h.sync(kindSpec(kind));
    const idOf = (step: string) => made.steps.find((s) => s.name === step)!.providerId!;
    const ours = { droplet: idOf('droplet'), volume: idOf('volume'), floating_ip: idOf('ip') };

    await deprovisionSaga(planned.sagaId, 'UADMIN', deps);
    const torn = await runSaga(planned.sagaId, { client: client(), config: h.config, log: silentLog });
    expect(torn.status).toBe('deprovisioned');
    expect(await Resource.findById(resourceKey('droplet', ours.droplet)).lean()).toMatchObject({
      removedBySaga: planned.sagaId,
    });
    // A droplet deleted outside any saga in the same window: that one is worth an alert.
    const other = h.standin.account.droplets.shift()!;

    const hooks = syncAlertHooks({ config: h.config, outbox, replies: {} as SyncReplies, log: silentLog });
    for (const kind of KINDS) {
      const result = await h.sync(kindSpec(kind));
      expect(result.newlyStale.map((r) => r.providerId)).toContain(ours[kind]);
      await hooks.afterRun(result, { data: { kind } as never });
      const alerts = await staleAlerts(result.runId);
      const text = JSON.stringify(alerts);
      expect(text).not.toContain(ours[kind]);
      if (kind === 'droplet') {
        expect(alerts.map((a) => channelOf(a.target))).toEqual(['C0ALERTS']);
        expect(text).toContain(`droplets/${String(other.id)}`);
        expect(text).toContain('"action_id":"finding_acknowledge"');
      } else expect(alerts).toEqual([]);
    }
  });
});
