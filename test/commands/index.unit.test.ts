import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandText, register, SUBCOMMANDS } from '../../commands/index.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { commandDeps, fakeApp, keptLog } from '../helpers/bolt.js';
import { resolveKindName } from '../../src/sync/kind-names.js';
import { RESOURCE_KINDS } from '../../src/sync/kinds/index.js';

const slack = new SlackStandin();
beforeAll(() => slack.start());
afterAll(() => slack.stop());

const textOf = (ack: unknown) => JSON.stringify(ack);

describe('/cloud router', () => {
  it('splits the subcommand from its arguments; nothing means help', () => {
    expect(parseCommandText('  FIND web 01 ')).toEqual({ name: 'find', rest: 'web 01' });
    expect(parseCommandText('')).toEqual({ name: 'help', rest: '' });
  });

  it('answers an unknown subcommand in the ack, listing the real ones', async () => {
    const { app, run } = fakeApp();
    register(app, commandDeps());
    const { acks } = await run({ text: 'destroy everything' });
    expect(acks).toHaveLength(1);
    expect(textOf(acks[0])).toContain('`destroy` is not a /cloud subcommand.');
    for (const sub of SUBCOMMANDS) expect(textOf(acks[0])).toContain(sub.name);
  });

  it('asks about a near miss instead of answering with the whole help', async () => {
    const { app, run } = fakeApp();
    register(app, commandDeps());
    const { acks } = await run({ text: 'inventroy droplets' });
    expect(acks).toHaveLength(1);
    const text = textOf(acks[0]);
    expect(text).toContain('`inventroy` is not a /cloud subcommand; did you mean `/cloud inventory droplets`?');
    // The suggestion, not the help of every subcommand under it.
    expect(text).not.toContain(SUBCOMMANDS.find((s) => s.name === 'provision')!.help.summary);
  });

  it('takes a kind in the plural or by alias, as the command line does', async () => {
    const asked: (string | undefined)[] = [];
    const { app, run } = fakeApp();
    register(
      app,
      commandDeps(
        { SLACK_API_URL: slack.apiUrl },
        {
          queries: {
            inventory: async (kind?: string) => (asked.push(kind), []),
            find: async () => [],
            stale: async () => ({ items: [], total: 0, removedBySaga: 0 }),
          },
        },
      ),
    );
    for (const text of ['inventory droplets', 'inventory Reserved-IPs', 'inventory lbs']) {
      const responseUrl = slack.responseUrl();
      const { acks } = await run({ text, response_url: responseUrl });
      expect(acks).toEqual([undefined]);
      await slack.waitFor('response_url', (c) => responseUrl.endsWith(String(c.params.id)));
    }
    // `arcadia resources --kind` reads the kind with the same resolver.
    const cli = ['droplets', 'Reserved-IPs', 'lbs'].map((k) => resolveKindName(k, RESOURCE_KINDS));
    expect(asked).toEqual(['droplet', 'floating_ip', 'load_balancer']);
    expect(cli).toEqual(asked);
  });

  it('refuses an admin subcommand to everyone else, in the ack, naming the setting', async () => {
    const { app, run } = fakeApp();
    register(app, commandDeps({ ARCADIA_ADMIN_USERS: 'U0ADMIN' }));
    const { acks } = await run({ text: 'sync droplet', user_id: 'U0PERSON' });
    expect(textOf(acks[0])).toContain('Only Arcadia admins may run `sync` (ARCADIA_ADMIN_USERS)');
  });

  it('refuses channels outside the allowlist', async () => {
    const { app, run } = fakeApp();
    register(app, commandDeps({ ARCADIA_ALLOWED_CHANNELS: 'C0OPS' }));
    const { acks } = await run({ text: 'inventory', channel_id: 'C0RANDOM' });
    expect(textOf(acks[0])).toContain('/cloud is not enabled in this channel. Use it in <#C0OPS>.');
  });

  it('answers bad arguments in the ack with the problem and the usage', async () => {
    const { app, run } = fakeApp();
    register(app, commandDeps());
    const { acks } = await run({ text: 'inventory gizmo' });
    expect(textOf(acks[0])).toContain('Unknown kind \\"gizmo\\"');
    expect(textOf(acks[0])).toContain('Usage: `/cloud inventory [kind]`');
  });

  it('acks a valid command empty, then answers through response_url', async () => {
    const { app, run } = fakeApp();
    // The stand-in's response_urls are taken as Slack's only when it is configured as Slack.
    register(app, commandDeps({ SLACK_API_URL: slack.apiUrl }));
    const responseUrl = slack.responseUrl();
    const { acks } = await run({ text: 'help', response_url: responseUrl });
    expect(acks).toEqual([undefined]);
    const reply = await slack.waitFor('response_url', (c) => responseUrl.endsWith(String(c.params.id)));
    expect(reply.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });

  it('tells people a sentence with a reference when a handler fails, and logs the details under it', async () => {
    const { app, run } = fakeApp();
    const { log, lines } = keptLog();
    const broken = {
      inventory: async () => Promise.reject(new Error('connection pool exhausted')),
      find: async () => [],
      stale: async () => ({ items: [], total: 0, removedBySaga: 0 }),
    };
    register(app, commandDeps({ SLACK_API_URL: slack.apiUrl }, { log, queries: broken }));
    const responseUrl = slack.responseUrl();
    await run({ text: 'inventory', response_url: responseUrl });
    const reply = await slack.waitFor('response_url', (c) => responseUrl.endsWith(String(c.params.id)));
    const ref = /\(ref ([0-9a-f]{8})\)/.exec(String(reply.params.text))?.[1];
    expect(reply.params.text).toContain('Sorry, `/cloud inventory` failed');
    expect(JSON.stringify(reply.params)).not.toContain('connection pool exhausted');
    expect(lines.find((l) => l.ref === ref)).toMatchObject({
      err: 'connection pool exhausted',
      subcommand: 'inventory',
    });
  });
});
