import { describe, expect, it } from 'vitest';
import { Resource } from '../../models/resource.js';
import { fixtureText, type RawObject } from '../../testkit/digitalocean/account.js';
import type { SlackCall } from '../../testkit/slack/slack-standin.js';
import { mongoInventoryQueries, type InventoryQueries } from '../../src/slack/queries.js';
import { postMonthlySummary } from '../../src/slack/monthly-summary.js';
import { syncQueue } from '../../jobs/queues.js';
import { isolation } from '../helpers/context.js';
import { signedHeaders, textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

const ADMIN = { user: 'UADMIN', channel: 'COPS' };
const OPS_USER = { user: 'UOPS', channel: 'COPS' };
const FINANCE = { user: 'UFIN', channel: 'CFIN' };

/** Lets a test hold the inventory query back, to prove the ack never waits for the work. */
let inventoryGate: Promise<void> = Promise.resolve();
const gatedQueries: InventoryQueries = {
  ...mongoInventoryQueries,
  inventory: async (kind) => {
    await inventoryGate;
    return mongoInventoryQueries.inventory(kind);
  },
};

const harness = useSlackHarness(isolation(), {
  env: {
    ARCADIA_ADMIN_USERS: 'UADMIN',
    ARCADIA_FINANCE_USERS: 'UFIN',
    ARCADIA_ALLOWED_CHANNELS: 'COPS',
    ARCADIA_FINANCE_CHANNEL: 'CFIN',
    ARCADIA_ALERTS_CHANNEL: 'CALERTS',
    ARCADIA_MAX_UPLOAD_BYTES: '20000',
    ARCADIA_SYNC_ATTEMPTS: '1',
  },
  service: { queries: gatedQueries },
  workers: { sagaObserver: false },
});
const { slack, digitalocean, sim } = harness;

const idOf = (responseUrl: string) => responseUrl.split('/').pop();
const replyTo = (responseUrl: string, contains: string) =>
  slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));
const postsTo = (channel: string, method = 'chat.postMessage') =>
  slack.callsTo(method).filter((c) => c.params.channel === channel);

describe('Slack app over HTTP, end to end', () => {
  it('answers a forged or replayed request with 401 and does nothing', async () => {
    const before = slack.calls.length;
    const forged = await sim.command('help', OPS_USER, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const replayed = await sim.command('help', OPS_USER, { ts: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(replayed.status).toBe(401);
    // A correctly signed request goes through, so the 401s above were the signature check.
    const genuine = await sim.command('help', OPS_USER);
    expect(genuine.status).toBe(200);
    await replyTo(genuine.responseUrl, 'inventory');
    const forgedCalls = slack.calls
      .slice(before)
      .filter((c) => c.params.id === idOf(forged.responseUrl) || c.params.id === idOf(replayed.responseUrl));
    expect(forgedCalls).toEqual([]);
  });

  it('help lists every subcommand with examples', async () => {
    const res = await sim.command('help', OPS_USER);
    expect(res.status).toBe(200);
    const reply = await replyTo(res.responseUrl, '/cloud help');
    for (const sub of [
      'inventory [kind]',
      'find &lt;name | IP | id&gt;',
      'stale [kind]',
      'sync [kind… | all]',
      'invoice [YYYY-MM]',
    ]) {
      expect(textOf(reply.params)).toContain(sub.includes('&lt;') ? 'find' : sub);
    }
    expect(reply.params.response_type).toBe('ephemeral');
  });

  it('answers an unknown subcommand or a bad argument with a helpful ephemeral reply, in the ack', async () => {
    const unknown = await sim.command('deploy prod', OPS_USER);
    expect(unknown.status).toBe(200);
    expect(unknown.json()).toMatchObject({ response_type: 'ephemeral' });
    expect(unknown.body).toContain('`deploy` is not a /cloud subcommand');
    expect(unknown.body).toContain('inventory');

    const badKind = await sim.command('stale spaceship', OPS_USER);
    expect(badKind.body).toContain('Unknown kind \\"spaceship\\"');
    expect(badKind.body).toContain('Usage: `/cloud stale [kind]`');

    const badPeriod = await sim.command('invoice June', FINANCE);
    expect(badPeriod.body).toContain('YYYY-MM');
  });

  it('refuses /cloud outside the allowed channels, saying where it works', async () => {
    const res = await sim.command('inventory', { user: 'UOPS', channel: 'CRANDOM' });
    expect(res.body).toContain('not enabled in this channel');
    expect(res.body).toContain('<#COPS>');
  });

  it('refuses sync to a non-admin, saying why, and queues nothing', async () => {
    const res = await sim.command('sync droplet', OPS_USER);
    expect(res.body).toContain('Only Arcadia admins may run `sync`');
    const queue = syncQueue(harness.runtime.queue);
    expect(await queue.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed')).toBe(0);
    await queue.close();
  });

  it('sync: answers at once, then posts the per-kind results in the same conversation', async () => {
    const res = await sim.command('sync droplet domain', ADMIN);
    expect(res.status).toBe(200);
    const queued = await replyTo(res.responseUrl, 'Syncing');
    expect(textOf(queued.params)).toContain('*droplet*, *domain*');
    const done = await replyTo(res.responseUrl, 'Sync finished');
    expect(textOf(done.params)).toMatch(/droplet\*: 5 new droplets/);
    expect(textOf(done.params)).toMatch(/domain\*: \d+ new domains?/);
    // One combined message, not one per kind.
    expect(
      slack
        .callsTo('response_url')
        .filter((c) => c.params.id === idOf(res.responseUrl) && textOf(c.params).includes('Sync finished')),
    ).toHaveLength(1);
  });

  it('sync of a kind that cannot be listed (Spaces without keys) replies skipped and why, not 0 listed', async () => {
    const res = await sim.command('sync spaces_bucket', ADMIN);
    const done = await replyTo(res.responseUrl, 'Sync finished');
    expect(done.params.text).toBe('Sync finished: spaces_bucket skipped');
    expect(textOf(done.params)).toContain(
      ':zzz: *spaces_bucket*: skipped: Spaces keys not configured (set ARCADIA_SPACES_KEY and ARCADIA_SPACES_SECRET)',
    );
    expect(textOf(done.params)).toContain('1 kind was skipped.');
    expect(textOf(done.params)).not.toContain('0 listed');
  });

  it('inventory: counts per kind and when each kind last synced', async () => {
    const res = await sim.command('inventory', OPS_USER);
    const reply = await replyTo(res.responseUrl, 'Inventory');
    expect(textOf(reply.params)).toContain('|droplet>*: 5 live · synced');
    const one = await sim.command('inventory domain', OPS_USER);
    const domainOnly = await replyTo(one.responseUrl, 'Inventory: domain');
    expect(textOf(domainOnly.params)).not.toContain('|droplet>');
  });

  it('find: by name and by IP, with key fields, project and status', async () => {
    const byName = await sim.command('find assets', OPS_USER);
    const named = await replyTo(byName.responseUrl, '"assets"');
    expect(textOf(named.params)).toContain('assets.example.com');
    expect(textOf(named.params)).toContain('162.243.0.4');
    const byIp = await sim.command('find 68.183.121.11', OPS_USER);
    const ip = await replyTo(byIp.responseUrl, '"68.183.121.11"');
    expect(textOf(ip.params)).toContain('adoring-newton-3nim');
    expect(textOf(ip.params)).not.toContain('adoring-newton-3niq');
    const none = await sim.command('find nothing-like-this', OPS_USER);
    await replyTo(none.responseUrl, 'No resource matches');
  });

  it('stale alerts: one batched message per run, each resource once, revived ones mentioned', async () => {
    const removed = digitalocean.account.droplets.splice(3, 2) as RawObject[];
    const first = await sim.command('sync droplet', ADMIN);
    await replyTo(first.responseUrl, 'Sync finished');
    const alert = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes('gone stale'),
    );
    expect(textOf(alert.params)).toContain('droplet: 2 resources gone stale');
    expect(textOf(alert.params)).toContain('adoring-newton-3niq');
    expect(textOf(alert.params)).toContain('adoring-newton-3nim');
    expect(postsTo('CALERTS')).toHaveLength(1);

    // Still gone on the next run: nothing new, so no second alert.
    const second = await sim.command('sync droplet', ADMIN);
    await replyTo(second.responseUrl, 'Sync finished');
    const stale = await sim.command('stale', OPS_USER);
    const list = await replyTo(stale.responseUrl, 'Stale resources');
    expect(textOf(list.params)).toContain('adoring-newton-3niq');
    expect(postsTo('CALERTS')).toHaveLength(1);

    digitalocean.account.droplets.push(removed[0]!);
    const third = await sim.command('sync droplet', ADMIN);
    await replyTo(third.responseUrl, 'Sync finished');
    const back = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes('Back again'),
    );
    expect(textOf(back.params)).toContain(String(removed[0]!.name));
    expect(postsTo('CALERTS')).toHaveLength(2);
  });

  it('a listing that shrinks suspiciously marks nothing stale and posts one alert saying why', async () => {
    const first = await sim.command('sync volume', ADMIN);
    await replyTo(first.responseUrl, 'Sync finished');
    const volumes = digitalocean.account.volumes;
    digitalocean.account.volumes = [];
    try {
      const res = await sim.command('sync volume', ADMIN);
      await replyTo(res.responseUrl, 'Sync finished');
      const alert = await slack.waitFor(
        'chat.postMessage',
        (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes('Sync of volume held back'),
      );
      expect(textOf(alert.params)).toMatch(/would mark 3 of 3 volume\(s\) stale at once/);
      expect(await Resource.countDocuments({ kind: 'volume', stale: true })).toBe(0);
    } finally {
      digitalocean.account.volumes = volumes;
    }
  });

  it('a sync whose retries are used up posts one alert with the error', async () => {
    digitalocean.inject({ path: '/v2/domains', status: 500 });
    const res = await sim.command('sync domain', ADMIN);
    const done = await replyTo(res.responseUrl, 'Sync finished');
    expect(textOf(done.params)).toContain(':x: *domain*');
    const alert = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes('Sync of domain failed'),
    );
    expect(textOf(alert.params)).toContain('HTTP 500');
    expect(postsTo('CALERTS').filter((c) => textOf(c.params).includes('Sync of domain failed'))).toHaveLength(1);
    digitalocean.clearFaults();
  });

  it("acks within Slack's 3 seconds even when the query is slow, and answers through response_url later", async () => {
    let release!: () => void;
    inventoryGate = new Promise<void>((resolve) => (release = resolve));
    // The query cannot finish until released, so this response can only be the ack.
    const res = await sim.command('inventory', OPS_USER);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(slack.callsTo('response_url').filter((c) => c.params.id === idOf(res.responseUrl))).toHaveLength(0);
    release();
    inventoryGate = Promise.resolve();
    await replyTo(res.responseUrl, 'Inventory');
  });

  it("monthly summary: pulls last month's invoice from DO when none was uploaded, and posts it to finance once", async () => {
    const outcome = await postMonthlySummary(harness.service.monthly, new Date('2025-07-02T09:00:00Z'));
    expect(outcome).toBe('posted');
    expect(digitalocean.requestCount('/v2/customers/my/invoices/22737513-0ea7-4206-8ceb-98a575af7681')).toBeGreaterThan(
      0,
    );
    const summary = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CFIN' && textOf(c.params).includes('2025-06: $179.71 spent'),
    );
    expect(textOf(summary.params)).toMatch(/\d+ of \d+ lines \(\$[\d,.]+\) matched a resource/);
    // The matched lines as a CSV, with DO's product names.
    const upload = await slack.waitFor(
      'files.completeUploadExternal',
      (c) => c.params.channel_id === 'CFIN' && JSON.stringify(c.params.files).includes('Matched invoice lines'),
    );
    expect(JSON.stringify(upload.params.files)).toContain('Matched invoice lines 2025-06');
    expect(await postMonthlySummary(harness.service.monthly, new Date('2025-07-02T09:00:30Z'))).toBe('already-posted');
  });

  it('finance upload: "received", then the match summary, in the upload\'s thread; a duplicate delivery is processed once', async () => {
    const file = slack.addFile({ name: 'june.csv', content: fixtureText('invoice.csv'), user: FINANCE.user });
    const event = sim.fileShare([file], FINANCE);
    const eventId = 'EvUPLOAD1';
    expect((await sim.event(event, { eventId })).status).toBe(200);
    const received = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.thread_ts === event.ts && textOf(c.params).includes('Received'),
    );
    expect(received.params.channel).toBe('CFIN');
    const summary = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.thread_ts === event.ts && textOf(c.params).includes('Invoice 2025-06'),
    );
    expect(textOf(summary.params)).toMatch(/Matched amount/);
    expect(summary.at).toBeGreaterThanOrEqual(received.at);

    // Slack's retry of the same delivery.
    expect((await sim.event(event, { eventId, retryNum: 1 })).status).toBe(200);
    // A later event whose answer goes all the way through the outbox: by the time it arrives the retry
    // (one Redis check) has long been handled.
    const later = slack.addFile({
      name: 'later.pdf',
      content: '%PDF',
      user: FINANCE.user,
      mimetype: 'application/pdf',
      filetype: 'pdf',
    });
    await sim.event(sim.fileShare([later], FINANCE));
    await slack.waitFor('chat.postMessage', (c) => textOf(c.params).includes('later.pdf'));
    expect(slack.callsTo('file.download').filter((c) => c.params.fileId === file.id)).toHaveLength(1);
    expect(slack.callsTo('file.download').every((c) => c.token === slack.token)).toBe(true);
    expect(
      postsTo('CFIN').filter((c) => c.params.thread_ts === event.ts && textOf(c.params).includes('Received')),
    ).toHaveLength(1);
  });

  it('handles a redelivered event (same event_id, X-Slack-Retry-Num) once', async () => {
    // A CSV in the wrong channel gets an ephemeral refusal each time its event is processed, with no
    // other dedupe in the way: two refusals would mean the retry was processed again.
    const file = slack.addFile({ name: 'retry.csv', content: 'x', user: FINANCE.user });
    const event = sim.fileShare([file], { user: FINANCE.user, channel: 'COPS' });
    await sim.event(event, { eventId: 'EvRETRY1' });
    await slack.waitFor('chat.postEphemeral', (c) => textOf(c.params).includes('retry.csv'));
    await sim.event(event, { eventId: 'EvRETRY1', retryNum: 1 });
    await sim.event(event, { eventId: 'EvRETRY1', retryNum: 2 });
    const later = slack.addFile({ name: 'after-retry.csv', content: 'x', user: FINANCE.user });
    await sim.event(sim.fileShare([later], { user: FINANCE.user, channel: 'COPS' }));
    await slack.waitFor('chat.postEphemeral', (c) => textOf(c.params).includes('after-retry.csv'));
    expect(
      slack
        .callsTo('chat.postEphemeral')
        .filter((c) => textOf(c.params).includes('retry.csv') && !textOf(c.params).includes('after-retry')),
    ).toHaveLength(1);
  });

  it("invoice: finance users get the period's match summary; others are told why not", async () => {
    const res = await sim.command('invoice 2025-06', FINANCE);
    const reply = await replyTo(res.responseUrl, 'Invoice 2025-06');
    expect(textOf(reply.params)).toContain('By kind');
    expect(textOf(reply.params)).toContain('By project');
    expect(textOf(reply.params)).toContain('Unmatched');
    const refused = await sim.command('invoice 2025-06', OPS_USER);
    expect(refused.body).toContain('Only finance users may see invoices');
    const missing = await sim.command('invoice 2019-01', FINANCE);
    await replyTo(missing.responseUrl, 'No invoice is stored for 2019-01');
  });

  it('a malformed upload gets an error naming the line and the problem', async () => {
    const lines = fixtureText('invoice.csv').split('\n');
    lines[3] = lines[3]!.replace('$6.00', 'six dollars');
    const file = slack.addFile({ name: 'broken.csv', content: lines.join('\n'), user: FINANCE.user });
    const event = sim.fileShare([file], FINANCE);
    await sim.event(event);
    const error = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.thread_ts === event.ts && textOf(c.params).includes('could not be read'),
    );
    expect(textOf(error.params)).toContain('line 4');
    expect(textOf(error.params)).toContain('Nothing was stored');
  });

  it("refuses uploads from other users, other channels, off Slack's file host, of other types or too large: never downloading them", async () => {
    const csv = fixtureText('invoice.csv');
    const cases: {
      name: string;
      who: { user: string; channel: string };
      file: { id: string; name: string } & Record<string, unknown>;
      reason: string;
      ephemeral?: boolean;
    }[] = [
      {
        name: 'intruder',
        who: { user: 'UOPS', channel: 'CFIN' },
        file: { ...slack.addFile({ name: 'a.csv', content: csv, user: 'UOPS' }) },
        reason: 'only finance users',
      },
      {
        name: 'elsewhere',
        who: { user: 'UFIN', channel: 'COPS' },
        file: { ...slack.addFile({ name: 'b.csv', content: csv, user: 'UFIN' }) },
        reason: 'only taken in <#CFIN>',
        ephemeral: true,
      },
      {
        name: 'off-host',
        who: FINANCE,
        file: {
          ...slack.addFile({ name: 'c.csv', content: csv, user: 'UFIN' }),
          url_private_download: 'http://127.0.0.1:9/files-pri/T-F1/download/c.csv',
        },
        reason: "not on Slack's file host",
      },
      {
        name: 'pdf',
        who: FINANCE,
        file: {
          ...slack.addFile({
            name: 'd.pdf',
            content: '%PDF',
            user: 'UFIN',
            mimetype: 'application/pdf',
            filetype: 'pdf',
          }),
        },
        reason: 'only CSV invoices',
      },
      {
        name: 'huge',
        who: FINANCE,
        file: { ...slack.addFile({ name: 'e.csv', content: csv.repeat(20), user: 'UFIN' }) },
        reason: 'the limit is 20000',
      },
    ];
    for (const c of cases) {
      const event = sim.fileShare([c.file], c.who);
      await sim.event(event);
      const method = c.ephemeral ? 'chat.postEphemeral' : 'chat.postMessage';
      const refusal = await slack.waitFor(
        method,
        (call: SlackCall) =>
          textOf(call.params).includes(`Not processing`) && textOf(call.params).includes(String(c.file.name)),
      );
      expect(textOf(refusal.params), c.name).toContain(c.reason);
      if (c.ephemeral) expect(refusal.params.user).toBe(c.who.user);
      else expect(refusal.params.thread_ts).toBe(event.ts);
      expect(
        slack.callsTo('file.download').filter((d) => d.params.fileId === c.file.id),
        c.name,
      ).toHaveLength(0);
    }
  });

  it("waits out a 429 from Slack for its Retry-After and then delivers, keeping one channel's messages in order", async () => {
    slack.inject({ method: 'chat.postMessage', status: 429, retryAfter: 1 });
    await harness.service.outbox.send({
      target: { to: 'channel', channel: 'CRATE' },
      text: 'first',
      blocks: [],
      label: 'test',
    });
    await harness.service.outbox.send({
      target: { to: 'channel', channel: 'CRATE' },
      text: 'second',
      blocks: [],
      label: 'test',
    });
    const second = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CRATE' && c.params.text === 'second',
    );
    const attempts = postsTo('CRATE');
    // The rate-limited attempt, its redelivery, then the second message: nothing dropped, order kept.
    expect(attempts.map((c) => c.params.text)).toEqual(['first', 'first', 'second']);
    expect(attempts.indexOf(second)).toBe(2);
    // The stand-in keeps answering 429 until Retry-After has passed, as Slack does: no call came early.
    expect(slack.earlyRetries).toBe(0);
  });

  it('the signature helper matches what Bolt accepts (sanity for the 401 tests)', () => {
    expect(signedHeaders('x', 1)['X-Slack-Signature']).toMatch(/^v0=[0-9a-f]{64}$/);
  });
  // Last: the 413 answer leaves the client's kept-alive connection unusable for later requests.
  it('refuses malformed and oversized requests without acting on them', async () => {
    const url = harness.eventsUrl();
    const before = slack.calls.length;
    const garbage = 'this is {not json';
    const malformed = await fetch(url, {
      method: 'POST',
      body: garbage,
      headers: { 'Content-Type': 'application/json', ...signedHeaders(garbage) },
    });
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const oversized = await fetch(url, {
      method: 'POST',
      body: huge,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(oversized.status).toBe(413);
    const unsigned = await fetch(url, {
      method: 'POST',
      body: 'command=%2Fcloud&text=sync+all',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(unsigned.status).toBe(401);
    expect(slack.calls.slice(before)).toEqual([]);
    const queue = syncQueue(harness.runtime.queue);
    try {
      expect(await queue.count()).toBe(0);
    } finally {
      await queue.close();
    }
  });
});
