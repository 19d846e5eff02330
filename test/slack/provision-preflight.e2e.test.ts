import { beforeAll, afterEach, describe, expect, it } from 'vitest';
import { Saga } from '../../models/saga.js';
import { standinSizes, domainRecord } from '../../testkit/digitalocean/account.js';
import { runCli } from '../helpers/cli.js';
import { isolation, testEnv } from '../helpers/context.js';
import { textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';
import { defineTenants } from '../helpers/tenants.js';

/** A request that fails its preflight is refused, from Slack and from the command line alike, before anything is posted or written. */
const OPS_USER = { user: 'UOPS', channel: 'COPS' };
const iso = isolation();
const { slack, digitalocean, sim } = useSlackHarness(iso, {
  env: { ARCADIA_ADMIN_USERS: 'UADMIN', ARCADIA_ALLOWED_CHANNELS: 'COPS' },
  service: { perChannelIntervalMs: 20 },
});
const arcadia = (...args: string[]) =>
  runCli(args, testEnv(iso, { DIGITALOCEAN_TOKEN: digitalocean.token, DIGITALOCEAN_API_URL: digitalocean.url }));
const record = (type: string, name: string, data: string) => domainRecord(type, name, data, 991);

/** www.example.com is production's, and the 2 GiB size is not offered in sfo3. */
function productionSite(): void {
  digitalocean.writes.records.set('example.com', [record('A', 'www', '198.51.100.7')]);
  digitalocean.account.sizes.find((s) => s.slug === 's-1vcpu-2gb')!.regions = ['nyc1'];
}
afterEach(() => {
  digitalocean.writes.records.clear();
  digitalocean.account.sizes = standinSizes();
});

const PROBLEMS = [
  'size s-1vcpu-2gb is not offered in region sfo3 (it is in nyc1); choose another size or region.',
  'www.example.com already has an A record (198.51.100.7); an A record beside it would send part of its traffic to the new droplet, so choose another name.',
];

beforeAll(() => defineTenants('acme'));

describe('the provisioning preflight', () => {
  it('`/cloud provision` answers every problem, one sentence each, and posts no approval request and writes nothing to DO', async () => {
    productionSite();
    digitalocean.resetCounts();
    const posted = slack.callsTo('chat.postMessage').length;
    const res = await sim.command(
      'provision web-stack acme domain=example.com name=www region=sfo3 size=s-1vcpu-2gb',
      OPS_USER,
    );
    expect(res.status).toBe(200);
    const reply = await slack.waitFor(
      'response_url',
      (c) => c.params.id === res.responseUrl.split('/').pop() && textOf(c.params).includes('Refused'),
    );
    expect(reply.params.response_type).toBe('ephemeral');
    expect(String(reply.params.text)).toMatch(
      new RegExp(`^Refused, for 2 reasons:\\n• ${escape(PROBLEMS[0]!)}\\n• ${escape(PROBLEMS[1]!)}$`),
    );
    expect(slack.callsTo('chat.postMessage').length).toBe(posted);
    expect(digitalocean.writeRequests()).toEqual([]);
    expect(await Saga.countDocuments({ tenant: 'acme' })).toBe(0);
  });

  it('`arcadia provision` is refused the same way: exit 1, every problem on its own line, nothing written', async () => {
    productionSite();
    digitalocean.resetCounts();
    const cli = await arcadia(
      'provision',
      'web-stack',
      '--tenant',
      'acme',
      '--param',
      'domain=example.com',
      '--param',
      'name=www',
      '--param',
      'region=sfo3',
      '--param',
      'size=s-1vcpu-2gb',
      '--approve',
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe(
      `arcadia: refused, for 2 reasons:\n${PROBLEMS.map((p) => `  - ${p.replace(/\.$/, '')}`).join('\n')}\n`,
    );
    expect(digitalocean.writeRequests()).toEqual([]);
    expect(await Saga.countDocuments({ tenant: 'acme' })).toBe(0);
    expect(slack.callsTo('chat.postMessage').filter((c) => textOf(c.params).includes('acme'))).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
