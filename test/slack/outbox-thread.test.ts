import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../../src/redis.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import type { OutboxJob } from '../../src/outbox/message.js';
import type { LegacyOutboxJob } from '../../src/outbox/upgrade.js';
import { SlackOutbox } from '../../src/outbox/producer.js';
import { createOutboxWorker } from '../../src/slack/outbox/worker.js';
import { slackWebClient } from '../../src/slack/web-client.js';
import { isolation, silentLog } from '../helpers/context.js';

const iso = isolation();
const slack = new SlackStandin();
let redis: Redis;
let outbox: SlackOutbox;
let worker: Worker<OutboxJob>;

beforeAll(async () => {
  await slack.start();
  redis = createRedis(inject('redisUrl'));
  const queue = { connection: redis, prefix: iso.prefix };
  outbox = new SlackOutbox({ queue, redis, log: silentLog, perChannelIntervalMs: 0, retryDelayMs: 1 });
  worker = createOutboxWorker({
    queue,
    client: slackWebClient({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }),
    log: silentLog,
  });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker?.close();
  await outbox?.close();
  redis?.disconnect();
  await slack.stop();
});

describe('outbox threads', () => {
  it('posts a message, then its details and CSV in that message thread', async () => {
    const done = new Promise<void>((resolve) => worker.on('completed', (job) => job.id === 'threaded' && resolve()));
    await outbox.send(
      {
        target: { to: 'channel', channel: 'C0ALERTS' },
        label: 'waste-digest',
        text: 'top findings',
        blocks: [],
        thread: {
          text: 'the rest',
          blocks: [],
          csv: { filename: 'waste.csv', title: 'Waste findings', content: 'a,b\n1,2\n' },
        },
      },
      { id: 'threaded' },
    );
    await done;
    const posts = slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0ALERTS');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.params.thread_ts).toBeUndefined();
    expect(posts[1]!.params.text).toBe('the rest');
    expect(String(posts[1]!.params.thread_ts)).toMatch(/^\d+\.000100$/);
    const completed = slack.callsTo('files.completeUploadExternal');
    expect(completed).toHaveLength(1);
    expect(String(completed[0]!.params.thread_ts)).toBe(String(posts[1]!.params.thread_ts));
  });

  it('a retry after a later part failed resumes there: the message and its thread are posted once', async () => {
    const before = slack.calls.length;
    // The thread's CSV fails once (Slack 500); the retry must not post the message or its thread again.
    slack.inject({ method: 'files.completeUploadExternal', status: 500 });
    const done = new Promise<void>((resolve) => worker.on('completed', (job) => job.id === 'resumed' && resolve()));
    await outbox.send(
      {
        target: { to: 'channel', channel: 'C0RESUME' },
        label: 'waste-digest',
        text: 'top findings',
        blocks: [],
        thread: {
          text: 'the rest',
          blocks: [],
          csv: { filename: 'waste.csv', title: 'Waste findings', content: 'a,b\n1,2\n' },
        },
      },
      { id: 'resumed' },
    );
    await done;
    const calls = slack.calls.slice(before);
    expect(calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.params.text)).toEqual([
      'top findings',
      'the rest',
    ]);
    expect(calls.filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(2);
  });

  it('delivers a job queued in the old shape before an upgrade, resuming after the parts it had done', async () => {
    const before = slack.calls.length;
    // As the old producer stored it, with its message and thread already posted.
    const stored: LegacyOutboxJob = {
      message: {
        channel: 'C0LEGACY',
        label: 'waste-digest',
        text: 'top findings',
        blocks: [],
        thread: {
          text: 'the rest',
          blocks: [],
          csv: { filename: 'waste.csv', title: 'Waste findings', content: 'a,b\n1,2\n' },
        },
      },
      posted: true,
      postedTs: '1700000000.000100',
      threadPosted: true,
    };
    const done = new Promise<void>((resolve) => worker.on('completed', (job) => job.id === 'legacy' && resolve()));
    await outbox.queue.add('waste-digest', stored as unknown as OutboxJob, { jobId: 'legacy' });
    await done;
    const calls = slack.calls.slice(before);
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    const completed = calls.filter((c) => c.method === 'files.completeUploadExternal');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.params.channel_id).toBe('C0LEGACY');
    expect(String(completed[0]!.params.thread_ts)).toBe('1700000000.000100');
  });
});
