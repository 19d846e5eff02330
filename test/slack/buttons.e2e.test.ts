import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { postWasteDigest } from '../../src/slack/waste-digest.js';
import { postMonthlySummary } from '../../src/slack/monthly-summary.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { ACTION_IDS, findingBlockId } from '../../src/slack/blocks/action-ids.js';
import { HOME_COMMANDS, homeView, type HomeInput } from '../../src/slack/home/home-view.js';
import { FindingState } from '../../models/finding-state.js';
import { WasteFinding } from '../../models/waste-finding.js';
import { isolation, wasteRuns } from '../helpers/context.js';
import { clickButton, clickInView, textOf, type ClickOptions } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

/**
 * Every button Arcadia adds to findings, the monthly summary and the Home tab, clicked the way
 * Slack delivers it: a signed, form-encoded `block_actions` request to the running app.
 */
const ADMIN = { user: 'UADMIN', channel: 'COPS' };
const FINANCE = 'UFIN';
const OPS_USER = 'UOPS';
const homeInput: HomeInput = {
  now: new Date(),
  kinds: [],
  wasteCents: 0,
  wasteFindings: 0,
  wasteQuiet: 0,
  spend: null,
  lastInvoice: null,
};
const IP_KEY = 'unassigned-reserved-ip:digitalocean:floating_ip:45.55.96.50';

const harness = useSlackHarness(isolation(), {
  env: {
    ARCADIA_ADMIN_USERS: 'UADMIN',
    ARCADIA_FINANCE_USERS: FINANCE,
    ARCADIA_ALLOWED_CHANNELS: 'COPS',
    ARCADIA_ALERTS_CHANNEL: 'CALERTS',
    ARCADIA_FINANCE_CHANNEL: 'CFIN',
    ARCADIA_SYNC_ATTEMPTS: '1',
  },
  service: { perChannelIntervalMs: 20 },
  workers: { sagaObserver: true },
});
const { slack, sim, eventsUrl } = harness;
let digest: { channel: string; ts: string };
let volumeKey: string;

const idOf = (responseUrl: string) => responseUrl.split('/').pop();
const replyTo = (responseUrl: string, contains = '') =>
  slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));
const click = (where: { channel: string; ts: string }, actionId: string, user: string, options?: ClickOptions) =>
  clickButton(eventsUrl(), slack, where, actionId, user, options);
const onFinding = (key: string, options: ClickOptions = {}): ClickOptions => ({
  blockId: findingBlockId(key),
  ...options,
});
const messageText = (where: { channel: string; ts: string }) =>
  textOf(slack.messages.get(`${where.channel}/${where.ts}`) as unknown as Record<string, unknown>);
const stateOf = (key: string) => FindingState.findById(key).lean();
/** Where the stand-in keeps the message a chat.postMessage call posted. */
function whereOf(channel: string, text: string): { channel: string; ts: string } {
  const found = [...slack.messages.entries()].find(([key, m]) => key.startsWith(`${channel}/`) && m.text === text);
  if (!found) throw new Error(`no message "${text}" in ${channel}`);
  return { channel, ts: found[1].ts };
}

beforeAll(async () => {
  // The sample account's waste: an unattached volume and an unassigned reserved IP, found by the
  // rules that run after each sync; then the digest that carries their buttons.
  const waste = await wasteRuns(harness.runtime.queue, 2);
  const sync = await sim.command('sync volume floating_ip', ADMIN);
  expect(sync.status).toBe(200);
  await replyTo(sync.responseUrl, 'Sync finished');
  await waste.done;
  const findings = await WasteFinding.find({ resolvedAt: null }).lean();
  expect(findings.map((f) => f.ruleId).sort()).toEqual(['unassigned-reserved-ip', 'unattached-volume']);
  volumeKey = String(findings.find((f) => f.ruleId === 'unattached-volume')!._id);
  expect(await postWasteDigest(harness.service.wasteDigest)).toEqual(['CALERTS']);
  const posted = await slack.waitFor(
    'chat.postMessage',
    (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes('Weekly waste digest'),
  );
  digest = whereOf('CALERTS', String(posted.params.text));
});

describe('a reply for one person carries only the buttons they may press', () => {
  it("a non-admin's ephemeral /cloud waste offers no finding buttons (admins' and finance's), an admin's does; the channel's digest keeps them all", async () => {
    const [ops, admin] = [
      await sim.command('waste', { user: OPS_USER, channel: 'COPS' }),
      await sim.command('waste', ADMIN),
    ];
    const opsReply = await replyTo(ops.responseUrl, 'Open in DigitalOcean');
    const adminReply = await replyTo(admin.responseUrl, 'Open in DigitalOcean');
    expect(opsReply.params.response_type).toBe('ephemeral');
    expect(adminReply.params.response_type).toBe('ephemeral');
    for (const id of [ACTION_IDS.findingAcknowledge, ACTION_IDS.findingSnooze, ACTION_IDS.findingAssign]) {
      expect(textOf(adminReply.params)).toContain(`"action_id":"${id}"`);
      expect(textOf(opsReply.params)).not.toContain(`"action_id":"${id}"`);
      // Posted in the channel, the digest shows every button; a click is refused with a sentence.
      expect(messageText(digest)).toContain(`"action_id":"${id}"`);
    }
    // The rest of the answer is the same: the findings and the link anyone may follow.
    expect(opsReply.params.text).toBe(adminReply.params.text);
    expect(textOf(opsReply.params)).toContain(`"action_id":"${ACTION_IDS.findingOpenInDo}"`);
  });
});

describe('finding buttons on the waste digest, over HTTP', () => {
  it('refuses a user who is neither admin nor finance, saying why; nothing is stored and the message stays', async () => {
    const before = messageText(digest);
    const res = await click(digest, ACTION_IDS.findingAcknowledge, OPS_USER, onFinding(IP_KEY));
    expect(res.status).toBe(200);
    const refusal = await replyTo(res.responseUrl, 'act on findings');
    expect(refusal.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(refusal.params.text).toBe(
      'Only Arcadia admins (ARCADIA_ADMIN_USERS) and finance users (ARCADIA_FINANCE_USERS) may act on findings; nothing was changed. Ask one of them to click it.',
    );
    const assign = await click(
      digest,
      ACTION_IDS.findingAssign,
      OPS_USER,
      onFinding(IP_KEY, { selectedUser: 'U0BOB' }),
    );
    await replyTo(assign.responseUrl, 'act on findings');
    expect(await FindingState.countDocuments()).toBe(0);
    expect(messageText(digest)).toBe(before);
    expect(slack.threadOf(digest.channel, digest.ts)).toEqual([]);
  });

  it('a forged or replayed click gets 401 and stores nothing', async () => {
    const forged = await click(
      digest,
      ACTION_IDS.findingAcknowledge,
      ADMIN.user,
      onFinding(IP_KEY, { secret: 'not-the-secret' }),
    );
    expect(forged.status).toBe(401);
    const replayed = await click(
      digest,
      ACTION_IDS.findingAcknowledge,
      ADMIN.user,
      onFinding(IP_KEY, { ts: Math.floor(Date.now() / 1000) - 6 * 60 }),
    );
    expect(replayed.status).toBe(401);
    expect(await FindingState.countDocuments()).toBe(0);
    expect(
      slack
        .callsTo('response_url')
        .filter((c) => c.params.id === idOf(forged.responseUrl) || c.params.id === idOf(replayed.responseUrl)),
    ).toEqual([]);
  });

  it("a click on a button Arcadia has no handler for (an older release's) is acked and changes nothing", async () => {
    const before = messageText(digest);
    const original = slack.messages.get(`${digest.channel}/${digest.ts}`)!;
    const retired = {
      type: 'actions',
      block_id: 'retired',
      elements: [
        {
          type: 'button',
          action_id: 'arcadia_retired_button',
          value: IP_KEY,
          text: { type: 'plain_text', text: 'Old' },
        },
      ],
    };
    const res = await click(digest, 'arcadia_retired_button', ADMIN.user, {
      message: { ...original, blocks: [...original.blocks, retired] },
      blockId: 'retired',
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    // A real click after it is answered, so the unknown one had its turn and did nothing.
    const known = await click(digest, ACTION_IDS.findingAssign, OPS_USER, onFinding(IP_KEY, { selectedUser: 'U0BOB' }));
    await replyTo(known.responseUrl, 'act on findings');
    expect(slack.callsTo('response_url').filter((c) => c.params.id === idOf(res.responseUrl))).toEqual([]);
    expect(await FindingState.countDocuments()).toBe(0);
    expect(messageText(digest)).toBe(before);
  });

  it('Acknowledge: stored in MongoDB, the message rewritten in place naming who did it', async () => {
    const res = await click(digest, ACTION_IDS.findingAcknowledge, ADMIN.user, onFinding(IP_KEY));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const update = await replyTo(res.responseUrl, 'Acknowledged by');
    expect(update.params.replace_original).toBe(true);
    expect(await stateOf(IP_KEY)).toMatchObject({
      acknowledgedBy: 'UADMIN',
      acknowledgedFingerprint: expect.any(String),
    });
    expect(messageText(digest)).toContain(':white_check_mark: Acknowledged by <@UADMIN> on ');
    // Only this finding says so: the volume's block is untouched, and the buttons remain.
    expect(messageText(digest).match(/Acknowledged by/g)).toHaveLength(1);
    expect(
      slack.messages.get(`${digest.channel}/${digest.ts}`)!.blocks.filter((b) => b.type === 'actions'),
    ).toHaveLength(2);
  });

  it('Snooze 7 days (a finance user): stored with its end, the message says until when', async () => {
    const res = await click(digest, ACTION_IDS.findingSnooze, FINANCE, onFinding(volumeKey));
    expect(res.status).toBe(200);
    await replyTo(res.responseUrl, 'Snoozed by');
    const state = await stateOf(volumeKey);
    expect(state?.snoozedBy).toBe(FINANCE);
    const days = (state!.snoozedUntil!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(messageText(digest)).toContain(
      `:zzz: Snoozed by <@${FINANCE}> until ${state!.snoozedUntil!.toISOString().slice(0, 10)}`,
    );
    // The acknowledgement made before is still shown: each click rewrites only its own finding.
    expect(messageText(digest)).toContain('Acknowledged by <@UADMIN>');
  });

  it('Assign to… (users_select): the assignee stored, mentioned in the thread, and named on the message', async () => {
    const res = await click(digest, ACTION_IDS.findingAssign, ADMIN.user, onFinding(IP_KEY, { selectedUser: 'U0BOB' }));
    expect(res.status).toBe(200);
    const mention = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.thread_ts === digest.ts && textOf(c.params).includes('<@U0BOB>'),
    );
    expect(mention.params).toMatchObject({
      channel: 'CALERTS',
      text: '<@U0BOB>, <@UADMIN> assigned this finding to you.',
    });
    await replyTo(res.responseUrl, 'Assigned to');
    expect(await stateOf(IP_KEY)).toMatchObject({ assignee: 'U0BOB', assignedBy: 'UADMIN', acknowledgedBy: 'UADMIN' });
    expect(messageText(digest)).toContain(':bust_in_silhouette: Assigned to <@U0BOB> by <@UADMIN>');
    expect(slack.threadOf(digest.channel, digest.ts).map((m) => m.text)).toContain(
      '<@U0BOB>, <@UADMIN> assigned this finding to you.',
    );
  });

  it('Open in DigitalOcean: a link, its click acked; nothing stored for it', async () => {
    const before = await stateOf(volumeKey);
    const res = await click(digest, ACTION_IDS.findingOpenInDo, OPS_USER, onFinding(volumeKey));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const button = slack.messages
      .get(`${digest.channel}/${digest.ts}`)!
      .blocks.flatMap((b) => (b.elements as Record<string, unknown>[] | undefined) ?? [])
      .find((e) => e.action_id === ACTION_IDS.findingOpenInDo);
    expect(String(button?.url)).toMatch(/^https:\/\/cloud\.digitalocean\.com\//);
    expect(await stateOf(volumeKey)).toEqual(before);
  });
});

describe('Full report on the monthly summary, over HTTP', () => {
  let summary: { channel: string; ts: string };

  beforeAll(async () => {
    await ingestInvoiceFile({
      bytes: readFileSync('test/fixtures/invoices/basic.csv'),
      filename: 'basic.csv',
      source: 'cli',
    });
    expect(await postMonthlySummary(harness.service.monthly, new Date('2025-07-02T09:00:00Z'))).toBe('posted');
    const posted = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CFIN' && textOf(c.params).includes('"action_id":"monthly_full_report"'),
    );
    summary = whereOf('CFIN', String(posted.params.text));
  });

  it('refuses a user who is not finance; no modal opens', async () => {
    const res = await click(summary, ACTION_IDS.monthlyFullReport, OPS_USER);
    expect(res.status).toBe(200);
    const refusal = await replyTo(res.responseUrl, 'see the full invoice report');
    expect(refusal.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(refusal.params.text).toBe(
      'Only finance users (ARCADIA_FINANCE_USERS) may see the full invoice report; nothing was changed. Ask one of them to click it.',
    );
    expect(slack.callsTo('views.open')).toEqual([]);
  });

  it('a finance user gets the breakdown in a modal opened with the click’s trigger_id', async () => {
    const res = await click(summary, ACTION_IDS.monthlyFullReport, FINANCE);
    expect(res.status).toBe(200);
    const opened = await slack.waitFor('views.open');
    expect(opened.params.trigger_id).toBe(res.triggerId);
    const view = opened.params.view as Record<string, unknown>;
    expect(view.type).toBe('modal');
    expect(JSON.stringify(view)).toContain('$179.71');
    expect(slack.callsTo('views.open')).toHaveLength(1);
  });
});

describe('Home tab buttons, over HTTP', () => {
  it('under a channel allowlist, offers no button: a click, from a tab published before, gets the refusal /cloud gets in the DM and runs nothing', async () => {
    const opened = await sim.event({
      type: 'app_home_opened',
      user: OPS_USER,
      channel: 'DOPS',
      tab: 'home',
      event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    });
    expect(opened.status).toBe(200);
    const published = await slack.waitFor('views.publish', (c) => c.params.user_id === OPS_USER);
    const text = JSON.stringify(published.params.view);
    expect(text).not.toContain(ACTION_IDS.homeRunCommand);
    expect(text).toContain('/cloud is not enabled in this channel. Use it in <#COPS>.');

    // The slash command typed in the DM with Arcadia, the DM the button answers in.
    const typed = (await sim.command('waste', { user: OPS_USER, channel: 'DOPS' })).json();
    const earlier = homeView(homeInput, { finance: false, commands: HOME_COMMANDS, commandsRefusal: null });
    const before = { id: 'VHOME', ...(JSON.parse(JSON.stringify(earlier)) as { blocks: Record<string, unknown>[] }) };
    const res = await clickInView(eventsUrl(), slack, before, `${ACTION_IDS.homeRunCommand}_waste`, OPS_USER);
    expect(res.status).toBe(200);
    const answer = await slack.waitFor('chat.postMessage', (c) => c.params.channel === OPS_USER);
    expect(answer.params.text).toBe(typed.text);
    expect(textOf(answer.params)).toContain('/cloud is not enabled in this channel. Use it in <#COPS>.');
    expect(textOf(answer.params)).not.toContain('Waste');

    const forged = await clickInView(eventsUrl(), slack, before, `${ACTION_IDS.homeRunCommand}_waste`, OPS_USER, {
      secret: 'not-the-secret',
    });
    expect(forged.status).toBe(401);
  });
});
