import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../testkit/digitalocean/account.js';
import { isolation } from '../helpers/context.js';
import { textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

const FINANCE = { user: 'UFIN', channel: 'CFIN' };
const harness = useSlackHarness(isolation(), {
  env: { ARCADIA_FINANCE_USERS: 'UFIN', ARCADIA_FINANCE_CHANNEL: 'CFIN' },
});
const { slack, sim } = harness;
const inThread = (ts: string, contains: string) =>
  slack.waitFor('chat.postMessage', (c) => c.params.thread_ts === ts && textOf(c.params).includes(contains));
const claimOf = (fileId: string) => `${harness.runtime.config.ARCADIA_QUEUE_PREFIX}:slack:file:${fileId}`;

describe('an invoice upload whose download fails', () => {
  it('is given back: the same file shared again is downloaded and ingested', async () => {
    const file = slack.addFile({ name: 'june.csv', content: fixtureText('invoice.csv'), user: FINANCE.user });
    slack.inject({ method: 'file.download', status: 500 });
    const first = sim.fileShare([file], FINANCE);
    await sim.event(first);
    const failed = await inThread(first.ts, 'HTTP 500');
    expect(textOf(failed.params)).toMatch(/Slack answered HTTP 500 for the download .*Share the file again to retry\./);
    expect(await harness.runtime.redis.exists(claimOf(file.id))).toBe(0);

    const again = sim.fileShare([file], FINANCE);
    await sim.event(again);
    await inThread(again.ts, 'Received');
    const summary = await inThread(again.ts, 'Invoice 2025-06');
    expect(textOf(summary.params)).toMatch(/lines of 24 matched/);
    expect(slack.callsTo('file.download').filter((d) => d.params.fileId === file.id)).toHaveLength(2);
  });

  it('is claimed only briefly until its job is queued, then for a week, so a crash in between keeps the file out for minutes, not days', async () => {
    const file = slack.addFile({ name: 'june-held.csv', content: fixtureText('invoice.csv'), user: FINANCE.user });
    let release!: () => void;
    slack.inject({ method: 'file.download', gate: new Promise<void>((resolve) => (release = resolve)) });
    const event = sim.fileShare([file], FINANCE);
    await sim.event(event);
    await slack.waitFor('file.download', (c) => c.params.fileId === file.id);
    // While the download is held, as it would be when the process dies here.
    const whileDownloading = await harness.runtime.redis.ttl(claimOf(file.id));
    expect(whileDownloading).toBeGreaterThan(0);
    expect(whileDownloading).toBeLessThanOrEqual(5 * 60);
    release();
    await inThread(event.ts, 'Invoice 2025-06');
    expect(await harness.runtime.redis.ttl(claimOf(file.id))).toBeGreaterThan(6 * 86_400);
  });
});
