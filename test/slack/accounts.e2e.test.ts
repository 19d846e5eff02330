import { describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { postMonthlySummary } from '../../src/slack/monthly-summary.js';
import { Resource } from '../../models/resource.js';
import { emptyAccount, fixtureText, makeDroplet } from '../../testkit/digitalocean/account.js';
import { isolation } from '../helpers/context.js';
import { textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

// Two DO teams: the stand-in's own sample account as production, and a small staging team.
const ADMIN = { user: 'UADMIN', channel: 'COPS' };
const FINANCE = { user: 'UFIN', channel: 'CFIN' };
const STAGING_TOKEN = 'dop_v1_staging';
const staging = emptyAccount();
staging.droplets = [makeDroplet(3164444, { name: 'stg-web' }), makeDroplet(3164445)];

const harness = useSlackHarness(isolation(), {
  env: {
    ARCADIA_DO_ACCOUNTS: `production=dop_v1_standin,staging=${STAGING_TOKEN}`,
    ARCADIA_ADMIN_USERS: 'UADMIN',
    ARCADIA_FINANCE_USERS: 'UFIN',
    ARCADIA_FINANCE_CHANNEL: 'CFIN',
  },
  workers: {},
});
const { slack, sim, digitalocean } = harness;
digitalocean.addTeam(STAGING_TOKEN, staging);

const idOf = (responseUrl: string) => responseUrl.split('/').pop();
const replyTo = (responseUrl: string, contains: string) =>
  slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));
const inThread = (ts: string, contains: string) =>
  slack.waitFor('chat.postMessage', (c) => c.params.thread_ts === ts && textOf(c.params).includes(contains));

describe('Slack with several DO teams', () => {
  it('/cloud sync --account syncs that team only, and the results name it', async () => {
    const res = await sim.command('sync droplet --account staging', ADMIN);
    const queued = await replyTo(res.responseUrl, 'Syncing');
    expect(textOf(queued.params)).toContain('*droplet in staging*');
    const done = await replyTo(res.responseUrl, 'Sync finished');
    expect(textOf(done.params)).toMatch(/droplet in staging\*: 2 new droplets/);
    expect(await Resource.countDocuments({ account: 'staging', kind: 'droplet' })).toBe(2);
    expect(await Resource.countDocuments({ account: 'production' })).toBe(0);
  });

  it('/cloud sync with no team syncs every team; one result per team', async () => {
    const res = await sim.command('sync droplet', ADMIN);
    const done = await replyTo(res.responseUrl, 'Sync finished');
    expect(textOf(done.params)).toMatch(/droplet in production\*: \d+ new droplets/);
    expect(textOf(done.params)).toMatch(/droplet in staging\*: no changes/);
  });

  it('an unknown team is refused with the ones there are', async () => {
    const res = await sim.command('sync --account qa', ADMIN);
    const reply = await replyTo(res.responseUrl, 'qa');
    expect(textOf(reply.params)).toContain('No DO account is named "qa"; the accounts are production, staging');
  });

  it('an invoice upload must name its team: without, the thread says how; with, it is stored for that team', async () => {
    const unnamed = slack.addFile({ name: 'june.csv', content: fixtureText('invoice.csv'), user: FINANCE.user });
    const first = sim.fileShare([unnamed], FINANCE);
    await sim.event(first);
    const refused = await inThread(first.ts, 'Several DO teams are configured');
    expect(textOf(refused.params)).toContain(
      '(production, staging): name the team this invoice bills in the message you upload it with, then upload it again',
    );
    expect(slack.callsTo('file.download').filter((d) => d.params.fileId === unnamed.id)).toHaveLength(0);

    const named = slack.addFile({ name: 'june.csv', content: fixtureText('invoice.csv'), user: FINANCE.user });
    const second = { ...sim.fileShare([named], FINANCE), text: 'Staging invoice for June' };
    await sim.event(second);
    const summary = await inThread(second.ts, 'Invoice 2025-06');
    expect(textOf(summary.params)).toContain('(staging)');
    expect(await Invoice.countDocuments({ account: 'staging' })).toBe(1);
    expect(await Invoice.countDocuments({ account: 'production' })).toBe(0);
  });

  it('the monthly summary covers every team: one uploaded, the other pulled from DO', async () => {
    // Staging's June was uploaded above; production's is only at DO.
    expect(await postMonthlySummary(harness.service.monthly, new Date('2025-07-02T09:00:00Z'))).toBe('posted');
    expect(await Invoice.countDocuments({ account: 'production', period: '2025-06' })).toBe(1);
    expect(await Invoice.countDocuments({ account: 'staging', period: '2025-06' })).toBe(1);
    const posted = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CFIN' && textOf(c.params).includes('2025-06') && !c.params.thread_ts,
    );
    const total = (await Invoice.find({ period: '2025-06' }).lean()).reduce((sum, i) => sum + i.totalCents, 0);
    expect(textOf(posted.params)).toContain(`$${(total / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
  });
});
