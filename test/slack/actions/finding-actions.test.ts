import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FindingState } from '../../../models/finding-state.js';
import { WasteFinding } from '../../../models/waste-finding.js';
import { loadConfig } from '../../../src/config.js';
import { ACTION_IDS, findingBlockId } from '../../../src/slack/blocks/action-ids.js';
import { AccessPolicy } from '../../../src/slack/access.js';
import { findingAcknowledge } from '../../../src/slack/actions/finding-acknowledge.js';
import { findingAssign } from '../../../src/slack/actions/finding-assign.js';
import type { FindingActionArgs } from '../../../src/slack/actions/finding-action.js';
import { findingSnooze } from '../../../src/slack/actions/finding-snooze.js';
import { actionListener, type ActionDeps } from '../../../src/slack/actions/index.js';
import { wasteMessage } from '../../../src/slack/blocks/waste.js';
import { wasteReport } from '../../../src/waste/waste-report.js';
import { blockAction } from '../../helpers/bolt.js';
import { isolation, silentLog, useDatabase, useRedis } from '../../helpers/context.js';
import { SlackOutbox } from '../../../src/outbox/producer.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const now = new Date('2025-07-05T12:00:00Z');
const KEY = 'unassigned-reserved-ip:digitalocean:floating_ip:45.55.96.50';
/** Finding buttons use only these; a click is answered through `respond`, an assignee told through the outbox. */
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
/** The messages queued on the outbox, oldest first. */
const queued = async () =>
  (await outbox.queue.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.data.message).reverse();
const report = (at: Date) => wasteReport(at, { tenantTagPrefix: config.ARCADIA_TENANT_TAG_PREFIX });

async function seed() {
  await WasteFinding.deleteMany({});
  await FindingState.deleteMany({});
  await WasteFinding.create({
    _id: KEY,
    ruleId: 'unassigned-reserved-ip',
    kind: 'floating_ip',
    providerId: '45.55.96.50',
    name: '45.55.96.50',
    region: 'nyc3',
    reason: 'reserved IP assigned to no droplet',
    monthlyCents: 400,
    since: now,
    firstSeenAt: now,
    lastSeenAt: now,
    fingerprint: 'unassigned-reserved-ip|400',
  });
}

/** A click on the digest's finding, recording what the listener does. */
async function click(
  listener: (args: FindingActionArgs) => Promise<void>,
  user: string,
  action: Record<string, unknown>,
  ephemeral = false,
) {
  const message = wasteMessage({
    findings: (await report(now)).rows,
    quiet: 0,
    now,
    title: 'Weekly waste digest',
    smallCents: 0,
  });
  const posted: Record<string, unknown>[] = [];
  const { args, calls } = blockAction({
    user,
    channel: 'CALERTS',
    ephemeral,
    responseUrl: 'https://hooks.slack.com/actions/T0/1/x',
    message: { type: 'message', ts: '1751716800.000100', text: message.text, blocks: message.blocks },
    action: { block_id: findingBlockId(KEY), action_ts: '1', ...action },
    client: { chat: { postMessage: async (m: Record<string, unknown>) => (posted.push(m), { ok: true }) } },
  });
  await listener(args);
  return { ...calls, posted };
}

const button = (actionId: string) => ({ type: 'button', action_id: actionId, value: KEY });

describe('finding buttons', () => {
  beforeEach(seed);

  it('Acknowledge: acked, stored, the message rewritten with who and when, and the finding out of the digest', async () => {
    const calls = await click(
      actionListener(findingAcknowledge, deps),
      'UADMIN',
      button(ACTION_IDS.findingAcknowledge),
    );
    expect(calls.acked).toBe(1);
    expect((await FindingState.findById(KEY).lean())?.acknowledgedBy).toBe('UADMIN');
    expect(calls.responded).toHaveLength(1);
    expect(calls.responded[0]).toMatchObject({ replace_original: true });
    expect(JSON.stringify(calls.responded[0]!.blocks)).toContain('Acknowledged by <@UADMIN> on 2025-07-05');
    expect((await report(now)).rows).toEqual([]);

    // The same finding at a new price is a changed finding: back in the digest.
    await WasteFinding.updateOne(
      { _id: KEY },
      { $set: { monthlyCents: 500, fingerprint: 'unassigned-reserved-ip|500' } },
    );
    expect((await report(now)).rows.map((r) => r.key)).toEqual([KEY]);
  });

  it('Snooze 7 days: out of the digest for a week, back after', async () => {
    const calls = await click(actionListener(findingSnooze, deps), 'UFIN', button(ACTION_IDS.findingSnooze));
    expect(JSON.stringify(calls.responded[0]!.blocks)).toContain('Snoozed by <@UFIN> until 2025-07-12');
    expect((await report(new Date(now.getTime() + 6 * 86_400_000))).quiet).toBe(1);
    expect((await report(new Date(now.getTime() + 7 * 86_400_000))).rows).toHaveLength(1);
  });

  it('Assign to…: records the assignee and mentions them in the thread', async () => {
    const calls = await click(actionListener(findingAssign, deps), 'UADMIN', {
      type: 'users_select',
      action_id: ACTION_IDS.findingAssign,
      selected_user: 'U0BOB',
    });
    expect((await FindingState.findById(KEY).lean())?.assignee).toBe('U0BOB');
    expect(calls.posted).toEqual([
      { channel: 'CALERTS', thread_ts: '1751716800.000100', text: '<@U0BOB>, <@UADMIN> assigned this finding to you.' },
    ]);
    expect(JSON.stringify(calls.responded[0]!.blocks)).toContain('Assigned to <@U0BOB> by <@UADMIN>');
    // The assignee hears of it in a direct message, through the outbox: who, where and what it costs.
    const dms = (await queued()).filter((m) => m.label === 'finding-assigned');
    expect(dms).toHaveLength(1);
    expect(dms[0]!.target).toEqual({ to: 'channel', channel: 'U0BOB' });
    const shown = JSON.stringify(dms[0]!.blocks);
    expect(shown).toContain('<@UADMIN> assigned you a finding in <#CALERTS>');
    expect(shown).toContain('*$4.00/mo*');
    expect(shown).toContain('45.55.96.50');
  });

  it('refuses a user who is neither admin nor finance: acked, told why, nothing stored or changed', async () => {
    const calls = await click(
      actionListener(findingAcknowledge, deps),
      'USTRANGER',
      button(ACTION_IDS.findingAcknowledge),
    );
    expect(calls.acked).toBe(1);
    expect(calls.responded).toEqual([expect.objectContaining({ response_type: 'ephemeral', replace_original: false })]);
    expect(await FindingState.countDocuments()).toBe(0);
  });

  it('a forged key changes nothing', async () => {
    const calls = await click(actionListener(findingAcknowledge, deps), 'UADMIN', {
      type: 'button',
      action_id: ACTION_IDS.findingAcknowledge,
      value: 'made-up:key',
    });
    expect(calls.responded[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(await FindingState.countDocuments()).toBe(0);
  });
});
