import { beforeAll, describe, expect, it } from 'vitest';
import type { PostedMessage } from '../../testkit/slack/slack-standin.js';
import { getSaga } from '../../src/saga/saga-service.js';
import { Saga } from '../../models/saga.js';
import { isolation } from '../helpers/context.js';
import { clickButton, textOf, type ClickOptions } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';
import { ACTION_IDS } from '../../src/slack/blocks/action-ids.js';
import { defineTenants } from '../helpers/tenants.js';

const ADMIN = { user: 'UADMIN', channel: 'COPS' };
const OPS_USER = { user: 'UOPS', channel: 'COPS' };

const { slack, digitalocean, sim, eventsUrl } = useSlackHarness(isolation(), {
  env: {
    ARCADIA_ADMIN_USERS: 'UADMIN,UADMIN2',
    ARCADIA_ALLOWED_CHANNELS: 'COPS',
    ARCADIA_ALERTS_CHANNEL: 'CALERTS',
    ARCADIA_SYNC_ATTEMPTS: '1',
    ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
    ARCADIA_PROVISION_ACTION_POLL_MS: '1',
    ARCADIA_PROVISION_STEP_ATTEMPTS: '2',
  },
  // Messages to one channel are still paced and ordered, only closer together than Slack's 1/s.
  service: { perChannelIntervalMs: 20 },
  workers: { sagaObserver: true },
});

const idOf = (responseUrl: string) => responseUrl.split('/').pop();
const replyTo = (responseUrl: string, contains: string) =>
  slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));
const sagaIdIn = (message: { blocks: Record<string, unknown>[] }) =>
  /Saga `([a-f0-9]+)`/.exec(JSON.stringify(message.blocks))![1]!;
const messageAt = (channel: string, ts: string) => slack.messages.get(`${channel}/${ts}`)!;
const click = (where: { channel: string; ts: string }, actionId: string, user: string, options?: ClickOptions) =>
  clickButton(eventsUrl(), slack, where, actionId, user, options);
/** The thread's replies once one containing `last` has arrived. */
async function threadUntil(where: { channel: string; ts: string }, last: string): Promise<PostedMessage[]> {
  await slack.waitFor('chat.postMessage', (c) => c.params.thread_ts === where.ts && textOf(c.params).includes(last));
  return slack.threadOf(where.channel, where.ts);
}
const hasButtons = (m: PostedMessage) => m.blocks.some((b) => b.type === 'actions');

/** `/cloud provision …` by `who`: the approval message it posted, and the saga id. */
async function requestProvision(tenant: string, who = OPS_USER, extra = 'firewall=web-fw project=my-web-api') {
  await defineTenants(tenant);
  const res = await sim.command(`provision web-stack ${tenant} domain=example.com ${extra}`, who);
  expect(res.status).toBe(200);
  const reply = await replyTo(res.responseUrl, 'waiting for an admin');
  const posted = await slack.waitFor(
    'chat.postMessage',
    (c) => c.params.channel === who.channel && textOf(c.params).includes(`for ${tenant}?`),
  );
  const where = {
    channel: who.channel,
    ts: [...slack.messages.entries()].find(([, m]) => m.text === posted.params.text)![1].ts,
  };
  return { reply, posted, where, sagaId: sagaIdIn(posted.params as { blocks: Record<string, unknown>[] }) };
}

beforeAll(() => defineTenants('acme', 'gamma'));

describe('/cloud provision and its buttons, over HTTP', () => {
  it('answers with the quote and posts the plan with Approve / Reject buttons', async () => {
    const { reply, posted, sagaId } = await requestProvision('acme');
    expect(reply.params.response_type).toBe('ephemeral');
    expect(textOf(reply.params)).toContain('$7.00/month');
    expect((await getSaga(sagaId)).status).toBe('pending_approval');
    const normalized = JSON.parse(
      JSON.stringify({ text: posted.params.text, blocks: posted.params.blocks }).replaceAll(sagaId, 'SAGA_ID'),
    ) as unknown;
    await expect(`${JSON.stringify(normalized, null, 2)}\n`).toMatchFileSnapshot(
      './golden/provision-approval-request.json',
    );
  });

  it('refuses a bad blueprint or parameter with one sentence, and posts nothing', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    const unknown = await sim.command('provision web-stak acme domain=example.com', OPS_USER);
    const refused = await replyTo(unknown.responseUrl, 'no such blueprint');
    expect(textOf(refused.params)).toContain('Blueprint web-stak.yml: no such blueprint (known: web-stack)');
    const missing = await sim.command('provision web-stack acme', OPS_USER);
    await replyTo(missing.responseUrl, 'parameter \\"domain\\" is required');
    const usage = await sim.command('provision web-stack', OPS_USER);
    expect(usage.body).toContain('Give a blueprint and a tenant.');
    expect(slack.callsTo('chat.postMessage').length).toBe(before);
  });

  it("refuses a non-admin's click, saying why, and changes nothing; forged and replayed clicks get 401", async () => {
    const { where, sagaId } = await requestProvision('beta');
    const res = await click(where, ACTION_IDS.sagaApprove, OPS_USER.user);
    expect(res.status).toBe(200);
    // Told through the click's response_url: ephemeral, the request itself left as it is.
    const refusal = await replyTo(res.responseUrl, 'approve provisioning');
    expect(refusal.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(refusal.params.text).toBe(
      'Only Arcadia admins (ARCADIA_ADMIN_USERS) may approve provisioning; nothing was changed. Ask one of them to click it.',
    );

    const forged = await click(where, ACTION_IDS.sagaApprove, ADMIN.user, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const replayed = await click(where, ACTION_IDS.sagaApprove, ADMIN.user, {
      ts: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(replayed.status).toBe(401);

    const saga = await getSaga(sagaId);
    expect(saga.status).toBe('pending_approval');
    expect(saga.approvedBy).toBeNull();
    expect(slack.callsTo('chat.update')).toEqual([]);
    expect(hasButtons(messageAt(where.channel, where.ts))).toBe(true);
    expect(digitalocean.account.droplets.some((d) => d.name === 'beta-web')).toBe(false);
    // A genuine admin click on the same message still works, so the 401s were the signature check.
    const genuine = await click(where, ACTION_IDS.sagaReject, ADMIN.user);
    expect(genuine.status).toBe(200);
    await slack.waitFor('chat.update', (c) => c.params.ts === where.ts);
  });

  it('Approve by an admin runs the saga: the request shows who approved, the thread each step, the end links to DO', async () => {
    const { where, sagaId } = await requestProvision('gamma');
    const asFirstShown = structuredClone(messageAt(where.channel, where.ts));
    const res = await click(where, ACTION_IDS.sagaApprove, ADMIN.user);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');

    const thread = await threadUntil(where, 'Created web-stack for gamma');
    const saga = await getSaga(sagaId);
    expect(saga).toMatchObject({
      status: 'succeeded',
      approvedBy: 'UADMIN',
      slack: { channel: 'COPS', messageTs: where.ts },
    });
    const lines = thread.map((m) => m.text);
    expect(lines.slice(0, 6)).toEqual([
      '1/6 droplet gamma-web (s-1vcpu-1gb, nyc1): done',
      '2/6 volume gamma-web-data (10 GiB) attached to droplet: done',
      '3/6 reserved IP assigned to droplet: done',
      '4/6 A record web.example.com → ip: done',
      '5/6 droplet added to firewall web-fw: done',
      '6/6 droplet, volume, ip assigned to project my-web-api: done',
    ]);
    const dropletId = saga.steps[0]!.providerId!;
    const final = JSON.stringify(thread.at(-1)!.blocks);
    expect(final).toContain(`https://cloud.digitalocean.com/droplets/${dropletId}|open in DigitalOcean`);
    expect(final).toContain('$7.00/month');
    expect(final).toContain(`/cloud deprovision ${sagaId}`);
    // The name people will use, what it points at, and the person who asked for it.
    const ip = saga.steps.find((s) => s.name === 'ip')!.providerId!;
    expect(final).toContain(`*web.example.com* → \`${ip}\``);
    expect(final).toContain('<@UOPS>, it is ready');
    expect(thread.at(-1)!.text).toContain(`web.example.com → ${ip}`);

    const updated = messageAt(where.channel, where.ts);
    expect(hasButtons(updated)).toBe(false);
    expect(JSON.stringify(updated.blocks)).toMatch(/\*Approved\* by <@UADMIN> on <!date\^\d+\^/);

    // A second click on a stale copy of the buttons approves nothing twice, and says why.
    const late = await click(where, ACTION_IDS.sagaReject, ADMIN.user, { message: asFirstShown });
    expect(late.status).toBe(200);
    const told = await replyTo(late.responseUrl, `saga ${sagaId} is succeeded`);
    expect(told.params.text).toMatch(/^Nothing changed: saga \w+ is succeeded; it cannot be rejected\.$/);
    expect((await getSaga(sagaId)).status).toBe('succeeded');
  });

  it('two admins clicking Approve at once start the saga once; the other is told another click was first', async () => {
    // gamma's stack holds web.example.com, which a second A record would share: this one names its own host.
    const { where, sagaId } = await requestProvision('epsilon', OPS_USER, 'name=epsilon');
    const both = await Promise.all([
      click(where, ACTION_IDS.sagaApprove, ADMIN.user),
      click(where, ACTION_IDS.sagaApprove, 'UADMIN2'),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const thread = await threadUntil(where, 'Created web-stack for epsilon');
    expect(thread.filter((m) => m.text.endsWith(': done'))).toHaveLength(4);
    expect(slack.callsTo('chat.update').filter((c) => c.params.ts === where.ts)).toHaveLength(1);
    const saga = await getSaga(sagaId);
    expect(saga.status).toBe('succeeded');
    const loser = both[saga.approvedBy === 'UADMIN' ? 1 : 0]!;
    const told = await replyTo(loser.responseUrl, `saga ${sagaId}`);
    // Either the claim or the saga's status stopped it, depending on how the two requests interleaved.
    expect(told.params.text).toMatch(
      new RegExp(
        `^Nothing changed: (another click on the approval of saga ${sagaId} was first|saga ${sagaId} is (running|succeeded); it cannot be approved)`,
      ),
    );
    expect(digitalocean.account.droplets.filter((d) => d.name === 'epsilon-epsilon')).toHaveLength(1);
  });

  it("refuses an admin's approval of their own request, naming who can approve; another admin's approval runs it, and the saga keeps who did what", async () => {
    const { where, sagaId } = await requestProvision('kappa', ADMIN, 'name=kappa');
    const own = await click(where, ACTION_IDS.sagaApprove, ADMIN.user);
    expect(own.status).toBe(200);
    const refusal = await replyTo(own.responseUrl, 'you may not approve it');
    expect(refusal.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    // The mention is in the blocks; the fallback text is escaped like every message's (no notification).
    const shown = (refusal.params.blocks as { text?: { text: string } }[])[0]?.text?.text;
    expect(shown).toMatch(
      new RegExp(
        `^:warning: Nothing changed: you requested saga ${sagaId}, so you may not approve it; another admin must: <@UADMIN2>\\.$`,
      ),
    );
    expect((await getSaga(sagaId)).status).toBe('pending_approval');
    expect(hasButtons(messageAt(where.channel, where.ts))).toBe(true);

    await click(where, ACTION_IDS.sagaApprove, 'UADMIN2');
    await threadUntil(where, 'Created web-stack for kappa');
    const saga = await getSaga(sagaId);
    expect(saga).toMatchObject({ status: 'succeeded', requestedBy: 'UADMIN', approvedBy: 'UADMIN2' });
    expect(saga.audit!.map((a) => [a.action, a.by, a.via])).toEqual([
      ['requested', 'UADMIN', 'slash_command'],
      ['approved', 'UADMIN2', 'button'],
    ]);
    expect(saga.audit![1]!.at.getTime()).toBe(saga.decidedAt!.getTime());
  });

  it('Reject ends the saga rejected, creates nothing and updates the request in place', async () => {
    const { where, sagaId } = await requestProvision(
      'delta',
      OPS_USER,
      'firewall=web-fw project=my-web-api name=delta',
    );
    await click(where, ACTION_IDS.sagaReject, ADMIN.user);
    const update = await slack.waitFor('chat.update', (c) => c.params.ts === where.ts);
    expect(update.params.channel).toBe('COPS');
    expect(textOf(update.params)).toContain('*Rejected* by <@UADMIN>');
    expect(hasButtons(messageAt(where.channel, where.ts))).toBe(false);
    const saga = await getSaga(sagaId);
    expect(saga).toMatchObject({ status: 'rejected', rejectedBy: 'UADMIN' });
    expect(saga.steps.every((s) => s.status === 'pending')).toBe(true);
    expect(digitalocean.account.droplets.some((d) => d.name === 'delta-delta')).toBe(false);
    expect(slack.threadOf(where.channel, where.ts)).toEqual([]);
  });

  it('/cloud deprovision asks an admin to confirm with a button, then tears down with progress in the thread', async () => {
    const sagaId = (await Saga.findOne({ tenant: 'gamma' }).lean())!.sagaId;
    const refused = await sim.command(`deprovision ${sagaId}`, OPS_USER);
    expect(refused.body).toContain('Only Arcadia admins may run `deprovision`');

    const res = await sim.command(`deprovision ${sagaId}`, ADMIN);
    await replyTo(res.responseUrl, "Confirm the teardown of web-stack for gamma with the button in the saga's thread");
    const posted = await slack.waitFor('chat.postMessage', (c) =>
      textOf(c.params).includes('Tear down web-stack for gamma?'),
    );
    // The confirmation stays in the saga's thread, under its approval request and its progress.
    const approval = (await getSaga(sagaId)).slack!;
    expect(posted.params).toMatchObject({ channel: approval.channel, thread_ts: approval.messageTs });
    expect(textOf(posted.params)).toContain('volume data is deleted');
    const where = { channel: 'COPS', ts: [...slack.messages.values()].find((m) => m.text === posted.params.text)!.ts };
    const sagaThread = { channel: approval.channel!, ts: approval.messageTs! };
    // DO ids differ per run: each step's id is written as <STEP>_ID.
    let shown = JSON.stringify({ text: posted.params.text, blocks: posted.params.blocks }).replaceAll(
      sagaId,
      'SAGA_ID',
    );
    for (const step of (await getSaga(sagaId)).steps)
      shown = shown.replaceAll(`\`${step.providerId!}\``, `\`${step.name.toUpperCase()}_ID\``);
    const golden = JSON.parse(shown) as unknown;
    await expect(`${JSON.stringify(golden, null, 2)}\n`).toMatchFileSnapshot('./golden/deprovision-confirm.json');

    const refusedClick = await click(where, ACTION_IDS.sagaDeprovision, OPS_USER.user);
    await replyTo(refusedClick.responseUrl, 'tear down a provisioned stack');
    expect((await getSaga(sagaId)).status).toBe('succeeded');

    await click(where, ACTION_IDS.sagaDeprovision, ADMIN.user);
    const thread = await threadUntil(sagaThread, 'Removed web-stack for gamma');
    expect(thread.map((m) => m.text).filter((t) => t.endsWith(': removed'))).toEqual([
      '6/6 droplet, volume, ip assigned to project my-web-api: removed',
      '5/6 droplet added to firewall web-fw: removed',
      '4/6 A record web.example.com → ip: removed',
      '3/6 reserved IP assigned to droplet: removed',
      '2/6 volume gamma-web-data (10 GiB) attached to droplet: removed',
      '1/6 droplet gamma-web (s-1vcpu-1gb, nyc1): removed',
    ]);
    expect((await getSaga(sagaId)).status).toBe('deprovisioned');
    expect((await getSaga(sagaId)).audit!.at(-1)).toMatchObject({ action: 'teardown', by: 'UADMIN', via: 'button' });
    expect(digitalocean.account.droplets.some((d) => d.name === 'gamma-web')).toBe(false);
    expect(JSON.stringify(messageAt(where.channel, where.ts).blocks)).toContain('*Confirmed* by <@UADMIN>');
    expect(hasButtons(messageAt(where.channel, where.ts))).toBe(false);
  });

  it('a failed step is compensated and said why; a compensation that fails lists the leftovers in the thread and the alerts channel', async () => {
    const firewallId = String(digitalocean.account.firewalls.find((f) => f.name === 'web-fw')!.id);
    digitalocean.inject({ path: `/v2/firewalls/${firewallId}/droplets`, method: 'POST', status: 403 });
    // When the failing step is reached the droplet exists: from then on DO refuses to delete it.
    const failDelete = (req: { path: string; method: string }) => {
      if (req.path !== `/v2/firewalls/${firewallId}/droplets` || req.method !== 'POST') return;
      const droplet = digitalocean.account.droplets.find((d) => d.name === 'omega-web');
      if (droplet) digitalocean.inject({ path: `/v2/droplets/${String(droplet.id)}`, method: 'DELETE', status: 500 });
    };
    digitalocean.onRequest(failDelete);
    try {
      const { where, sagaId } = await requestProvision('omega');
      await click(where, ACTION_IDS.sagaApprove, ADMIN.user);
      const thread = await threadUntil(where, 'to clean up');
      const saga = await getSaga(sagaId);
      expect(saga.status).toBe('failed');
      const dropletId = saga.steps[0]!.providerId!;
      expect(thread.map((m) => m.text)).toContain('5/6 droplet added to firewall web-fw: failed');
      expect(thread.map((m) => m.text)).toContain('1/6 droplet omega-web (s-1vcpu-1gb, nyc1): could not be undone');
      const alert = await slack.waitFor(
        'chat.postMessage',
        (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes(sagaId),
      );
      expect(textOf(alert.params)).toContain(`*droplet* \`${dropletId}\``);
      expect(textOf(alert.params)).toContain(`https://cloud.digitalocean.com/droplets/${dropletId}`);
      expect(textOf(alert.params)).toContain('firewall (firewall_membership) failed');
    } finally {
      digitalocean.removeListener(failDelete);
      digitalocean.clearFaults();
    }
  });
});
