import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Anomaly } from '../../../models/anomaly.js';
import { loadConfig } from '../../../src/config.js';
import { ACTION_IDS } from '../../../src/slack/blocks/action-ids.js';
import { AccessPolicy } from '../../../src/slack/access.js';
import { anomalyExpected } from '../../../src/slack/actions/anomaly-expected.js';
import { anomalyInvestigate } from '../../../src/slack/actions/anomaly-investigate.js';
import { anomalySnooze } from '../../../src/slack/actions/anomaly-snooze.js';
import { actionListener, type ActionDeps, type ActionHandler } from '../../../src/slack/actions/index.js';
import { anomalyBlockId, anomalyDigestMessage } from '../../../src/slack/blocks/anomaly-digest.js';
import { digestAnomaly, digestSettings } from '../../../src/slack/anomaly-check.js';
import { anomalyStats, getAnomaly } from '../../../src/anomaly/anomaly-store.js';
import { SlackOutbox } from '../../../src/outbox/producer.js';
import { blockAction } from '../../helpers/bolt.js';
import { isolation, silentLog, useDatabase, useRedis } from '../../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const now = new Date('2026-02-28T10:00:00Z');
const ID = 'default|acme|1-DO-DROP-0116|2026-02-27';
const config = loadConfig({ ARCADIA_ADMIN_USERS: 'UADMIN', ARCADIA_FINANCE_USERS: 'UFIN' });
let outbox: SlackOutbox;
const deps = {
  access: new AccessPolicy(config),
  log: silentLog,
  now: () => now,
  get outbox() {
    return outbox;
  },
} as unknown as ActionDeps;
beforeAll(() => {
  outbox = new SlackOutbox({ queue: { connection: redis(), prefix: iso.prefix }, redis: redis(), log: silentLog });
});
afterAll(() => outbox.close());

beforeEach(async () => {
  await Anomaly.deleteMany({});
  await Anomaly.create({
    _id: ID,
    key: 'default|acme|1-DO-DROP-0116',
    account: 'default',
    tenant: 'acme',
    sku: '1-DO-DROP-0116',
    product: 'Droplets',
    day: '2026-02-27',
    baselineCents: 0,
    cents: 320,
    thresholdCents: 200,
    explanation: ['droplet example.com changed that day (now s-8vcpu-16gb)'],
    detectedAt: now,
  });
});

async function click(handler: ActionHandler, user: string, action: Record<string, unknown>) {
  const message = anomalyDigestMessage({
    day: '2026-02-27',
    anomalies: [digestAnomaly(await getAnomaly(ID))],
    newTenants: [],
    settings: digestSettings(config),
    several: false,
  });
  const { args, calls } = blockAction({
    user,
    channel: 'CALERTS',
    message: { type: 'message', ts: '1772272800.000100', text: message.text, blocks: message.blocks },
    action: { block_id: anomalyBlockId(ID), action_ts: '1', ...action },
  });
  await actionListener(handler, deps)(args);
  return calls;
}

const button = (actionId: string) => ({ type: 'button', action_id: actionId, value: ID });

describe('anomaly buttons', () => {
  it('Expected: stored with who and when, the digest rewritten in place, and counted', async () => {
    const calls = await click(anomalyExpected, 'UFIN', button(ACTION_IDS.anomalyExpected));
    expect(calls.acked).toBe(1);
    expect(await Anomaly.findById(ID).lean()).toMatchObject({ decision: 'expected', decidedBy: 'UFIN' });
    expect(calls.responded[0]).toMatchObject({ replace_original: true });
    expect(JSON.stringify(calls.responded[0]!.blocks)).toContain('Expected, said <@UFIN> on 2026-02-28 10:00 UTC');
    expect(await anomalyStats()).toMatchObject({ reported: 1, expected: 1, undecided: 0 });
  });

  it('Investigate: assigns it, and tells the assignee through the outbox, once', async () => {
    const select = { type: 'users_select', action_id: ACTION_IDS.anomalyInvestigate, selected_user: 'U0BOB' };
    const calls = await click(anomalyInvestigate, 'UADMIN', select);
    await click(anomalyInvestigate, 'UADMIN', select);
    expect(await Anomaly.findById(ID).lean()).toMatchObject({ decision: 'investigating', assignee: 'U0BOB' });
    expect(JSON.stringify(calls.responded[0]!.blocks)).toContain('<@U0BOB> is investigating, assigned by <@UADMIN>');
    const dms = (await outbox.queue.getJobs(['waiting', 'delayed', 'prioritized']))
      .map((j) => j.data.message)
      .filter((m) => m.label === 'anomaly-assigned');
    expect(dms).toHaveLength(1);
    expect(dms[0]!.target).toEqual({ to: 'channel', channel: 'U0BOB' });
    expect(dms[0]!.text).toContain(
      "<@UADMIN> asked you to investigate a spend anomaly: acme's Droplets (1-DO-DROP-0116) on Feb 27 in <#CALERTS>",
    );
  });

  it('Snooze 7 days: the series is snoozed until a week after the click', async () => {
    const calls = await click(anomalySnooze, 'UFIN', button(ACTION_IDS.anomalySnooze));
    expect(await Anomaly.findById(ID).lean()).toMatchObject({ decision: 'snoozed', snoozedUntil: '2026-03-07' });
    expect(JSON.stringify(calls.responded[0]!.blocks)).toContain('Snoozed until 2026-03-07 by <@UFIN>');
  });

  it('refuses someone neither admin nor finance, and records nothing', async () => {
    const calls = await click(anomalyExpected, 'U0SOMEONE', button(ACTION_IDS.anomalyExpected));
    expect(calls.acked).toBe(1);
    expect(JSON.stringify(calls.responded)).toContain('act on spend anomalies');
    expect((await Anomaly.findById(ID).lean())!.decision ?? null).toBeNull();
  });
});
