import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createLogger } from '../../src/logger.js';
import { createRedis } from '../../src/redis.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import type { OutboxJob } from '../../src/outbox/message.js';
import { SlackOutbox } from '../../src/outbox/producer.js';
import { createOutboxWorker } from '../../src/slack/outbox/worker.js';
import { listKept } from '../../src/outbox/kept.js';
import { slackWebClient } from '../../src/slack/web-client.js';
import { isolation, testEnv } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';

const iso = isolation();
const slack = new SlackStandin();
/** Everything the outbox logged, parsed: what an operator would find in the process's stderr. */
const logs: Record<string, unknown>[] = [];
const log = createLogger('info', {
  write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>),
});

let redis: Redis;
let outbox: SlackOutbox;
let worker: Worker<OutboxJob>;

beforeAll(async () => {
  await slack.start();
  redis = createRedis(inject('redisUrl'));
  const queue = { connection: redis, prefix: iso.prefix };
  // Retries a millisecond apart, messages to one channel a second apart (the production spacing):
  // a retried message is through long before the next one's turn.
  outbox = new SlackOutbox({ queue, redis, log, attempts: 4, retryDelayMs: 1, perChannelIntervalMs: 1000 });
  worker = createOutboxWorker({
    queue,
    client: slackWebClient({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }),
    log,
  });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker?.close();
  await outbox?.close();
  redis?.disconnect();
  await slack.stop();
});

/** Resolves when the worker is done with the job: delivered, or failed with no retry left. */
function settled(jobId: string): Promise<{ outcome: 'completed' | 'failed'; job: Job<OutboxJob> }> {
  return new Promise((resolve) => {
    const done = (outcome: 'completed' | 'failed') => (job: Job<OutboxJob> | undefined) => {
      // A failure with a retry to come leaves finishedOn unset.
      if (job?.id !== jobId || !job.finishedOn) return;
      worker.off('completed', onCompleted);
      worker.off('failed', onFailed);
      resolve({ outcome, job });
    };
    const onCompleted = done('completed');
    const onFailed = done('failed');
    worker.on('completed', onCompleted);
    worker.on('failed', onFailed);
  });
}

const postsTo = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
const logsFor = (jobId: string) => logs.filter((l) => l.jobId === jobId);

describe('Slack outbox', () => {
  it('retries Slack internal errors and 5xx, delivering the message once and in order with the next one', async () => {
    slack.inject({ method: 'chat.postMessage', error: 'internal_error' });
    slack.inject({ method: 'chat.postMessage', status: 500 });
    const first = settled('transient-1');
    const second = settled('transient-2');
    await outbox.send(
      { target: { to: 'channel', channel: 'CFLAKY' }, text: 'first', blocks: [], label: 'test' },
      { id: 'transient-1' },
    );
    await outbox.send(
      { target: { to: 'channel', channel: 'CFLAKY' }, text: 'second', blocks: [], label: 'test' },
      { id: 'transient-2' },
    );
    expect(await first).toMatchObject({ outcome: 'completed', job: { attemptsMade: 3 } });
    expect(await second).toMatchObject({ outcome: 'completed', job: { attemptsMade: 1 } });

    // Two failed tries, the delivery, then the second message: nothing posted twice, order kept.
    expect(postsTo('CFLAKY').map((c) => c.params.text)).toEqual(['first', 'first', 'first', 'second']);
    const warnings = logsFor('transient-1');
    expect(warnings.map((l) => [l.level, l.attempt])).toEqual([
      [40, 1],
      [40, 2],
    ]);
    expect(String(warnings[0]!.err)).toContain('internal_error');
    expect(String(warnings[1]!.err)).toContain('500');
  });

  it('fails a message Slack refuses for good at once, logs it with its content, keeps it, and `outbox retry` delivers it once', async () => {
    slack.inject({ method: 'chat.postMessage', error: 'not_in_channel' });
    const failed = settled('gone-1');
    await outbox.send(
      {
        target: { to: 'channel', channel: 'CGONE' },
        text: 'droplet web-1 has gone stale',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*web-1*' } }],
        label: 'stale-alert',
      },
      { id: 'gone-1' },
    );
    // One attempt, not the four allowed: retrying cannot bring the channel back.
    expect(await failed).toMatchObject({ outcome: 'failed', job: { attemptsMade: 1 } });
    expect(postsTo('CGONE')).toHaveLength(1);
    expect(await outbox.queue.getJobState('gone-1')).toBe('failed');
    const [entry, ...more] = logsFor('gone-1');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      level: 50,
      label: 'stale-alert',
      channel: 'CGONE',
      permanent: 'not_in_channel',
      err: 'not_in_channel: invite the bot: /invite @arcadia',
      text: 'droplet web-1 has gone stale',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*web-1*' } }],
    });
    expect(JSON.stringify(logs)).not.toContain(slack.token);

    // What `arcadia outbox list` shows.
    expect(await listKept(outbox.queue)).toEqual([
      expect.objectContaining({
        id: 'gone-1',
        label: 'stale-alert',
        channel: 'CGONE',
        text: 'droplet web-1 has gone stale',
        error: 'not_in_channel: invite the bot: /invite @arcadia',
      }),
    ]);

    // The channel is back (the fault is used up): the operator re-drives the kept message.
    const delivered = settled('gone-1');
    const retried = await runCli(['outbox', 'retry'], testEnv(iso));
    expect(retried).toMatchObject({ code: 0, stdout: 'Requeued 1 kept Slack message(s).\n' });
    expect((await delivered).outcome).toBe('completed');
    expect(postsTo('CGONE').map((c) => c.params.text)).toEqual([
      'droplet web-1 has gone stale',
      'droplet web-1 has gone stale',
    ]);
    expect(await outbox.queue.getFailedCount()).toBe(0);
  });

  it("delivers a message with its CSV, its chart and its thread's CSV, and keeps none of their bytes in the completed job", async () => {
    const delivered = settled('files-1');
    const png = Buffer.from('PNG-BYTES-OF-A-CHART').toString('base64');
    await outbox.send(
      {
        target: { to: 'channel', channel: 'CFIN' },
        text: 'June summary',
        blocks: [],
        label: 'monthly-summary',
        csv: { filename: 'matched.csv', title: 'Matched lines', content: 'line,amount\n1,SECRET-FIGURE-1\n' },
        image: { filename: 'chart.png', title: 'Spend', altText: 'Spend by product', pngBase64: png },
        thread: {
          text: 'Every line',
          blocks: [],
          csv: { filename: 'all.csv', title: 'All lines', content: 'line,amount\n2,SECRET-FIGURE-2\n' },
        },
      },
      { id: 'files-1' },
    );
    expect((await delivered).outcome).toBe('completed');
    const uploaded = slack
      .completedUploads()
      .map((u) => u.bytes?.toString('utf8') ?? '')
      .join('\n');
    expect(uploaded).toContain('SECRET-FIGURE-1');
    expect(uploaded).toContain('SECRET-FIGURE-2');
    const kept = (await redis.hget(outbox.queue.toKey('files-1'), 'data')) ?? '';
    expect(kept).toContain('June summary');
    expect(kept).toContain('matched.csv');
    expect(kept).not.toContain('SECRET-FIGURE');
    expect(kept).not.toContain(png);
  });

  it('keeps a slash-command answer whose response_url has expired after one try', async () => {
    slack.inject({ method: 'response_url', status: 404 });
    const failed = settled('expired-1');
    await outbox.send(
      {
        target: { to: 'response-url', url: slack.responseUrl(), channel: 'COPS' },
        text: 'Inventory',
        blocks: [],
        label: 'command-reply',
      },
      { id: 'expired-1' },
    );
    expect(await failed).toMatchObject({ outcome: 'failed', job: { attemptsMade: 1 } });
    expect(logsFor('expired-1')).toEqual([
      expect.objectContaining({ level: 50, permanent: 'response_url_http_404', text: 'Inventory' }),
    ]);
  });
});
