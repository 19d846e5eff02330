import { beforeAll, describe, expect, it } from 'vitest';
import type { PostedMessage } from '../../testkit/slack/slack-standin.js';
import { provisionQueue, provisionQueueEvents } from '../../jobs/queues.js';
import { createSaga, getSaga } from '../../src/saga/saga-service.js';
import { approvalRequestMessage } from '../../src/slack/blocks/index.js';
import { APPROVAL_REQUEST_RECORDER } from '../../src/slack/approval-request.js';
import { sagaView } from '../../src/slack/saga-view.js';
import { runCli } from '../helpers/cli.js';
import { isolation, testEnv } from '../helpers/context.js';
import { clickButton, textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';
import { ACTION_IDS } from '../../src/slack/blocks/action-ids.js';
import { defineTenants } from '../helpers/tenants.js';

/** A provision requested in Slack and decided with `arcadia saga approve|reject`: the request in Slack says so, as after a click. */
const ADMIN = { user: 'UADMIN', channel: 'COPS' };
const OPS_USER = { user: 'UOPS', channel: 'COPS' };

const iso = isolation();
const harness = useSlackHarness(iso, {
  env: {
    ARCADIA_ADMIN_USERS: 'UADMIN',
    ARCADIA_ALLOWED_CHANNELS: 'COPS',
    ARCADIA_SYNC_ATTEMPTS: '1',
    ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
    ARCADIA_PROVISION_ACTION_POLL_MS: '1',
  },
  service: { perChannelIntervalMs: 20 },
  workers: { sagaObserver: true },
});
const { slack, digitalocean, sim, eventsUrl } = harness;

/** The real `arcadia` command, on this file's database and queues. */
const arcadia = (...args: string[]) =>
  runCli(args, testEnv(iso, { DIGITALOCEAN_TOKEN: digitalocean.token, DIGITALOCEAN_API_URL: digitalocean.url }));
const sagaIdIn = (params: Record<string, unknown>) => /Saga `([a-f0-9]+)`/.exec(JSON.stringify(params.blocks))![1]!;
const messageAt = (where: { channel: string; ts: string }) => slack.messages.get(`${where.channel}/${where.ts}`)!;
const hasButtons = (m: PostedMessage) => m.blocks.some((b) => b.type === 'actions');
const updatesOf = (where: { ts: string }) => slack.callsTo('chat.update').filter((c) => c.params.ts === where.ts);
async function threadUntil(where: { channel: string; ts: string }, last: string): Promise<PostedMessage[]> {
  await slack.waitFor('chat.postMessage', (c) => c.params.thread_ts === where.ts && textOf(c.params).includes(last));
  return slack.threadOf(where.channel, where.ts);
}

/** `/cloud provision …`: the approval request it posted, and the saga id. Each stack's host (`name`) must be free in example.com. */
async function requestProvision(tenant: string, name = 'web') {
  await defineTenants(tenant);
  const res = await sim.command(
    `provision web-stack ${tenant} domain=example.com name=${name} firewall=web-fw project=my-web-api`,
    OPS_USER,
  );
  expect(res.status).toBe(200);
  const posted = await slack.waitFor(
    'chat.postMessage',
    (c) => c.params.channel === OPS_USER.channel && textOf(c.params).includes(`for ${tenant}?`),
  );
  const where = {
    channel: OPS_USER.channel,
    ts: [...slack.messages.values()].find((m) => m.text === posted.params.text)!.ts,
  };
  return { where, sagaId: sagaIdIn(posted.params) };
}

/** Resolves once everything queued to the channel before it has gone out: messages to one channel are delivered in order. */
async function drained(channel: string): Promise<void> {
  const text = `marker ${Math.random()}`;
  await harness.service.outbox.send({ target: { to: 'channel', channel }, text, blocks: [], label: 'test-marker' });
  await slack.waitFor('chat.postMessage', (c) => c.params.text === text);
}

beforeAll(() => defineTenants('cli-four'));

describe('a Slack approval request decided from the command line', () => {
  it('`arcadia saga approve` updates the request (no buttons, approved from the command line) and progress goes to its thread', async () => {
    const { where, sagaId } = await requestProvision('cli-one');
    const cli = await arcadia('saga', 'approve', sagaId);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);

    const update = await slack.waitFor('chat.update', (c) => c.params.ts === where.ts);
    expect(update.params.channel).toBe('COPS');
    expect(update.params.text).toBe('Provisioning web-stack for cli-one approved from the command line');
    expect(JSON.stringify(update.params.blocks)).toMatch(/\*Approved\* from the command line on <!date\^\d+\^/);
    expect(hasButtons(messageAt(where))).toBe(false);

    const thread = await threadUntil(where, 'Created web-stack for cli-one');
    expect(thread[0]!.text).toBe('1/6 droplet cli-one-web (s-1vcpu-1gb, nyc1): done');
    expect(await getSaga(sagaId)).toMatchObject({
      status: 'succeeded',
      approvedBy: 'cli',
      slack: { channel: 'COPS', messageTs: where.ts },
    });
    expect(updatesOf(where)).toHaveLength(1);
  });

  it('`arcadia saga show` lists who requested, approved and tore the saga down, when and from where (--json too)', async () => {
    const { sagaId } = await requestProvision('cli-audit', 'cli-audit');
    expect((await arcadia('saga', 'approve', sagaId)).code).toBe(0);
    await slack.waitFor('chat.postMessage', (c) => textOf(c.params).includes('Created web-stack for cli-audit'));
    expect((await arcadia('deprovision', sagaId, '--wait')).code).toBe(0);
    const saga = await getSaga(sagaId);
    const json = JSON.parse((await arcadia('saga', 'show', sagaId, '--json')).stdout) as { saga: { audit: unknown[] } };
    expect(json.saga.audit).toEqual([
      { action: 'requested', by: 'UOPS', at: saga.createdAt.toISOString(), via: 'slash_command' },
      { action: 'approved', by: 'cli', at: saga.decidedAt!.toISOString(), via: 'cli' },
      { action: 'teardown', by: 'cli', at: expect.any(String), via: 'cli' },
    ]);
    const shown = await arcadia('saga', 'show', sagaId);
    expect(shown.stdout).toContain('WHAT       WHO             WHEN                      FROM');
    expect(shown.stdout).toContain(`requested  UOPS            ${saga.createdAt.toISOString()}  Slack command`);
    expect(shown.stdout).toContain(`approved   (command line)  ${saga.decidedAt!.toISOString()}  command line`);
    expect(shown.stdout).toMatch(/teardown {3}\(command line\) {2}\S+ {2}command line/);
  });

  it('`arcadia saga reject` updates the request to say rejected from the command line; nothing is created', async () => {
    const { where, sagaId } = await requestProvision('cli-two', 'two');
    const cli = await arcadia('saga', 'reject', sagaId);
    expect(cli.code).toBe(0);

    const update = await slack.waitFor('chat.update', (c) => c.params.ts === where.ts);
    expect(JSON.stringify(update.params.blocks)).toMatch(
      /\*Rejected\* from the command line on <!date\^\d+\^[^>]+>\. Nothing was created\./,
    );
    expect(hasButtons(messageAt(where))).toBe(false);
    expect(await getSaga(sagaId)).toMatchObject({ status: 'rejected', rejectedBy: 'cli' });
    await drained(where.channel);
    expect(slack.threadOf(where.channel, where.ts)).toEqual([]);
    expect(updatesOf(where)).toHaveLength(1);
    expect(digitalocean.account.droplets.some((d) => d.name === 'cli-two-two')).toBe(false);
  });

  it('a click racing the command line: one decision, and the request updated once, to say it', async () => {
    const { where, sagaId } = await requestProvision('cli-three', 'three');
    const [cli, clicked] = await Promise.all([
      arcadia('saga', 'approve', sagaId),
      clickButton(eventsUrl(), slack, where, ACTION_IDS.sagaReject, ADMIN.user),
    ]);
    expect(clicked.status).toBe(200);
    const update = await slack.waitFor('chat.update', (c) => c.params.ts === where.ts);
    const saga = await getSaga(sagaId);
    if (saga.status === 'rejected') {
      // The click won: the command line was refused, saying why.
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(
        new RegExp(`another click on the approval of saga ${sagaId}|saga ${sagaId} is rejected; it cannot be approved`),
      );
      expect(textOf(update.params)).toContain('*Rejected* by <@UADMIN>');
    } else {
      expect(cli.code).toBe(0);
      expect(saga.approvedBy).toBe('cli');
      await slack.waitFor('response_url', (c) => c.params.id === clicked.responseUrl.split('/').pop());
      expect(textOf(update.params)).toContain('*Approved* from the command line');
      await threadUntil(where, 'Created web-stack for cli-three');
    }
    await drained(where.channel);
    expect(updatesOf(where)).toHaveLength(1);
  });

  it('a decision made before the request was posted shows once it is', async () => {
    // The request waits in the outbox (Slack down, say) while an admin approves from the command line.
    const { runtime, service } = harness;
    const queue = provisionQueue(runtime.queue);
    const saga = await createSaga(
      {
        blueprint: 'web-stack',
        tenant: 'cli-four',
        params: { domain: 'example.com', name: 'four' },
        requestedBy: OPS_USER.user,
        slack: { channel: 'COPS' },
      },
      { config: runtime.config, client: runtime.doClient!, queue },
    );
    expect((await arcadia('saga', 'approve', saga.sagaId)).code).toBe(0);
    // The saga runs to its end meanwhile. (Awaited so that its writes do not race the recorder's:
    // FerretDB applies concurrent updates of one document by reading and rewriting it whole, so
    // one may undo the other, where MongoDB applies each atomically.)
    const events = provisionQueueEvents(runtime.queue);
    await events.waitUntilReady();
    await (await queue.getJob(`saga-${saga.sagaId}-running`))!.waitUntilFinished(events);
    await events.close();
    await queue.close();

    await service.outbox.send({
      target: { to: 'channel', channel: 'COPS' },
      ...approvalRequestMessage(sagaView(saga)),
      label: 'saga-approval',
      record: { as: APPROVAL_REQUEST_RECORDER, id: saga.sagaId },
    });
    const posted = await slack.waitFor('chat.postMessage', (c) => textOf(c.params).includes('for cli-four?'));
    const where = { channel: 'COPS', ts: [...slack.messages.values()].find((m) => m.text === posted.params.text)!.ts };
    const update = await slack.waitFor('chat.update', (c) => c.params.ts === where.ts);
    expect(textOf(update.params)).toContain('*Approved* from the command line');
    expect(hasButtons(messageAt(where))).toBe(false);
    expect((await getSaga(saga.sagaId)).slack).toMatchObject({ channel: 'COPS', messageTs: where.ts });
  });
});
