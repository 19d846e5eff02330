import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import type { OutboxJob } from '../../src/outbox/message.js';
import { isolation } from '../helpers/context.js';
import { seedResources } from '../invoice/seed.js';
import { textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

const OPS = { user: 'UOPS', channel: 'COPS' };
const FINANCE = { user: 'UFIN', channel: 'COPS' };
const BUSY = { user: 'UBUSY', channel: 'COPS' };
const STALE_COUNT = 2000;
const GHOST_LINES = 60;

/** The direct file a queued message is, if it is one. */
const directFile = (job?: { data: OutboxJob }) =>
  job?.data.message.target.to === 'direct-file' ? job.data.message.target : undefined;

const harness = useSlackHarness(isolation(), {
  env: {
    ARCADIA_FINANCE_USERS: 'UFIN',
    ARCADIA_ALLOWED_CHANNELS: 'COPS',
    ARCADIA_FINANCE_CHANNEL: 'CFIN',
    ARCADIA_COMMAND_RATE_LIMIT: '2',
  },
});
const { slack, sim } = harness;
const idOf = (responseUrl: string) => responseUrl.split('/').pop();
const replyTo = (responseUrl: string, contains: string) =>
  slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));

/** Every outbox job, with the bytes its data takes in Redis (the job hash's `data` field). */
async function outboxJobs(): Promise<{ data: OutboxJob; bytes: number }[]> {
  const queue = harness.service.outbox.queue;
  const jobs = await queue.getJobs(['completed', 'waiting', 'delayed', 'active', 'failed']);
  return Promise.all(
    jobs.map(async (job) => ({
      data: job.data,
      bytes: Buffer.byteLength((await harness.runtime.redis.hget(queue.toKey(String(job.id)), 'data')) ?? ''),
    })),
  );
}

/** The file uploaded to `user`'s direct message with the bot, once it arrives. */
async function fileSentTo(user: string, title: string): Promise<string> {
  await slack.waitFor(
    'files.completeUploadExternal',
    (c) => c.params.channel_id === slack.directMessageWith(user) && JSON.stringify(c.params.files).includes(title),
  );
  const upload = slack
    .completedUploads()
    .find((u) => u.channel === slack.directMessageWith(user) && u.title.includes(title));
  return upload?.bytes?.toString('utf8') ?? '';
}

beforeAll(async () => {
  const since = Date.parse('2025-05-01T00:00:00Z');
  await seedResources(
    Array.from({ length: STALE_COUNT }, (_, i) => ({
      kind: 'droplet' as const,
      providerId: String(900_000 + i),
      name: `gone-${i}`,
      stale: true,
      staleSince: new Date(since + i * 60_000),
    })),
  );
  // April's invoice: the basic lines plus many for droplets Arcadia never saw, so the unmatched list is cut.
  const april = readFileSync('test/fixtures/invoices/basic.csv', 'utf8')
    .replaceAll('2025-07-01', '2025-05-01')
    .replaceAll('2025-06-', '2025-04-');
  const ghosts = Array.from(
    { length: GHOST_LINES },
    (_, i) =>
      `Droplets,,ghost-${i} (s-1vcpu-1gb),720,2025-04-01 00:00:00 +0000,2025-05-01 00:00:00 +0000,$1.00,my-web-api,iaas`,
  );
  await ingestInvoiceFile({
    bytes: Buffer.from(`${april.trimEnd()}\n${ghosts.join('\n')}\n`),
    filename: 'april.csv',
    source: 'cli',
  });
});

describe('files from /cloud commands', () => {
  it('stale with thousands gone: the top rows and the total, a small job, and every row in a CSV sent to the asker alone', async () => {
    const res = await sim.command('stale', OPS);
    const reply = await replyTo(res.responseUrl, `Stale resources (${STALE_COUNT})`);
    expect(reply.params.response_type).toBe('ephemeral');
    const text = textOf(reply.params);
    expect(text).toContain('gone-0*');
    expect(text).toContain('gone-39*');
    expect(text).not.toContain('gone-40*');
    expect(text).toContain(
      `…and ${STALE_COUNT - 40} resources more: the full list is sent to you as a CSV by direct message.`,
    );

    const csv = await fileSentTo('UOPS', 'Stale resources');
    const rows = csv.trim().split('\n');
    expect(rows).toHaveLength(STALE_COUNT + 1);
    expect(new Set(rows.slice(1).map((r) => r.split(',')[1])).size).toBe(STALE_COUNT);
    // Nothing went to the channel the command was typed in.
    expect(slack.completedUploads().filter((u) => u.channel === 'COPS')).toEqual([]);
    expect(slack.callsTo('conversations.open').map((c) => c.params.users)).toContain('UOPS');

    const job = (await outboxJobs()).find((j) => directFile(j)?.user === 'UOPS');
    expect(directFile(job)?.file).toEqual({ of: 'stale' });
    expect(job!.bytes).toBeLessThan(600);
  });

  it('invoice with many unmatched lines: the unmatched CSV goes to the finance user by direct message, built at delivery', async () => {
    const res = await sim.command('invoice 2025-04', FINANCE);
    const reply = await replyTo(res.responseUrl, 'Invoice 2025-04');
    expect(textOf(reply.params)).toContain('the full list is sent to you as a CSV by direct message');
    const csv = await fileSentTo('UFIN', 'Unmatched invoice lines 2025-04');
    for (let i = 0; i < GHOST_LINES; i++) expect(csv).toContain(`ghost-${i} (s-1vcpu-1gb)`);
    expect(slack.completedUploads().filter((u) => u.channel === 'COPS')).toEqual([]);
    const job = (await outboxJobs()).find((j) => directFile(j)?.user === 'UFIN');
    expect(directFile(job)?.file).toEqual({ of: 'unmatched', period: '2025-04' });
    expect(JSON.stringify(job?.data)).not.toContain('ghost-');
  });

  it('a person over ARCADIA_COMMAND_RATE_LIMIT gets a sentence saying when to try again, and nothing is queued', async () => {
    for (const text of ['find no-such-thing', 'find nothing-either']) {
      const res = await sim.command(text, BUSY);
      await replyTo(res.responseUrl, 'No resource matches');
    }
    const res = await sim.command('stale', BUSY);
    const refusal = await replyTo(res.responseUrl, 'within a minute');
    expect(String(refusal.params.text)).toMatch(
      /^You have run 2 of the heavier \/cloud commands \(.*stale.*\) within a minute, the most one person may; try `\/cloud stale` again in \d+ seconds?\.$/,
    );
    expect(textOf(refusal.params)).not.toContain('Stale resources');
    expect((await outboxJobs()).filter((j) => directFile(j)?.user === 'UBUSY')).toEqual([]);
    // Cheap subcommands are not counted.
    const help = await sim.command('help', BUSY);
    await replyTo(help.responseUrl, '/cloud');
  });
});
