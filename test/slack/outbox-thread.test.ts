import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../../src/redis.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { createOutboxWorker, SlackOutbox, type OutboxJob } from '../../src/slack/outbox.js';
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
  worker = createOutboxWorker({ queue, client: slackWebClient({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }), log: silentLog });
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
        channel: 'C0ALERTS',
        label: 'waste-digest',
        text: 'top findings',
        blocks: [],
        thread: { text: 'the rest', blocks: [], csv: { filename: 'waste.csv', title: 'Waste findings', content: 'a,b\n1,2\n' } },
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
        channel: 'C0RESUME',
        label: 'waste-digest',
        text: 'top findings',
        blocks: [],
        thread: { text: 'the rest', blocks: [], csv: { filename: 'waste.csv', title: 'Waste findings', content: 'a,b\n1,2\n' } },
      },
      { id: 'resumed' },
    );
    await done;
    const calls = slack.calls.slice(before);
    expect(calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.params.text)).toEqual(['top findings', 'the rest']);
    expect(calls.filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(2);
  });
});
