import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { SyncRun } from '../../models/sync-run.js';
import { DoStandin } from '../../src/digitalocean/standin/server.js';
import { sampleAccount } from '../../src/digitalocean/standin/account.js';
import { isolation, testEnv, useDatabase } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';

const iso = isolation();
useDatabase(iso);
const TOKEN = 'dop_v1_5ecret0f4rcad1a0000000000000000000000000000000000000000000000';
const standin = new DoStandin(sampleAccount(), TOKEN);

beforeAll(() => standin.start());
afterAll(() => standin.stop());

describe('secrets', () => {
  it('never appear in output, logs (at debug), job payloads or stored runs, even when syncs fail', async () => {
    const env = testEnv(iso, {
      DIGITALOCEAN_TOKEN: TOKEN,
      DIGITALOCEAN_API_URL: standin.url,
      SLACK_BOT_TOKEN: 'xoxb-1111-2222-s3cr3t',
      SLACK_SIGNING_SECRET: 'signing-s3cr3t',
      ARCADIA_LOG_LEVEL: 'debug',
      ARCADIA_DO_MAX_RETRIES: '1',
      ARCADIA_SYNC_ATTEMPTS: '1',
    });
    standin.inject({ path: '/v2/domains', status: 500 });
    const run = await runCli(['sync', 'all', '--wait', '--json'], env);
    const bad = await runCli(['sync', 'droplet', '--wait'], { ...env, DIGITALOCEAN_API_URL: 'http://127.0.0.1:1' });
    expect(run.code).toBe(1); // the domain run failed, as injected
    expect(bad.code).toBe(1);

    const redis = new Redis(inject('redisUrl'));
    const dumps: string[] = [];
    try {
      for (const key of await redis.keys(`${iso.prefix}:*`)) {
        const type = await redis.type(key);
        if (type === 'hash') dumps.push(JSON.stringify(await redis.hgetall(key)));
        if (type === 'string') dumps.push((await redis.get(key)) ?? '');
        if (type === 'list') dumps.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      }
    } finally {
      redis.disconnect();
    }
    const runs = JSON.stringify(await SyncRun.find({}).lean());
    const everything = [run.stdout, run.stderr, bad.stdout, bad.stderr, ...dumps, runs].join('\n');
    expect(dumps.length).toBeGreaterThan(0);
    expect(runs).toContain('HTTP 500');
    for (const secret of [TOKEN, 'xoxb-1111-2222-s3cr3t', 'signing-s3cr3t', '5ecret0f4rcad1a']) expect(everything).not.toContain(secret);
  });
});
