import { gunzipSync } from 'node:zlib';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { SyncRun } from '../../models/sync-run.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { fixtureText, sampleAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { freePort } from '../../testkit/local-services.js';
import { isolation, testEnv, useDatabase } from '../helpers/context.js';
import { collectOutput, runCli, startCli, waitForLog } from '../helpers/cli.js';
import { SlackClientSim, textOf, type PostResult } from '../helpers/slack-requests.js';

const iso = isolation();
useDatabase(iso);
const TOKEN = 'dop_v1_5ecret0f4rcad1a0000000000000000000000000000000000000000000000';
const standin = new DoStandin(sampleAccount(), TOKEN);

beforeAll(() => standin.start());
afterAll(() => standin.stop());

/**
 * Fake credentials for the full run, each with an alphanumeric fragment that survives any quoting,
 * escaping or URL-encoding a leak might go through: the grep looks for both.
 */
const FULL_RUN_SECRETS = {
  DIGITALOCEAN_TOKEN: {
    value: 'dop_v1_d0tok3nfu11run7e57c0ffee00000000000000000000000000000000000',
    fragment: 'd0tok3nfu11run',
  },
  SLACK_BOT_TOKEN: { value: 'xoxb-7777-8888-b0tt0k3nfu11run', fragment: 'b0tt0k3n' },
  SLACK_SIGNING_SECRET: { value: 's1gn1ng5ecretfu11run-4d2c', fragment: 's1gn1ng5ecret' },
  ARCADIA_SPACES_SECRET: { value: 'sp4ce55ecretfu11run/Xq+9Zk', fragment: 'sp4ce55ecret' },
  // An access key id is not a secret the way the key is, but it names the account's keys: keep it out too.
  ARCADIA_SPACES_KEY: { value: 'SP4CESKEYIDFULLRUN', fragment: 'SP4CESKEYID' },
};

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
    for (const secret of [TOKEN, 'xoxb-1111-2222-s3cr3t', 'signing-s3cr3t', '5ecret0f4rcad1a'])
      expect(everything).not.toContain(secret);
  });

  it('never appear in logs, Slack messages, answers, job payloads or stored documents during a full `arcadia start` session', async () => {
    // Its own database and queue prefix, so everything grepped below was written by this session alone.
    const own = isolation();
    const slack = new SlackStandin(FULL_RUN_SECRETS.SLACK_BOT_TOKEN.value);
    const digitalocean = new DoStandin(
      sampleAccount(),
      FULL_RUN_SECRETS.DIGITALOCEAN_TOKEN.value,
      FULL_RUN_SECRETS.ARCADIA_SPACES_KEY.value,
    );
    await slack.start();
    await digitalocean.start();
    // `PORT` must be 1-65535 (config), so the app cannot be told "any free port": take one now.
    const port = await freePort();
    const sim = new SlackClientSim(() => `http://127.0.0.1:${port}/slack/events`, slack);
    const ADMIN = { user: 'UADMIN', channel: 'COPS' };
    const OPS = { user: 'UOPS', channel: 'COPS' };
    const FINANCE = { user: 'UFIN', channel: 'CFIN' };
    const signingSecret = FULL_RUN_SECRETS.SLACK_SIGNING_SECRET.value;

    const env = testEnv(own, {
      DIGITALOCEAN_TOKEN: FULL_RUN_SECRETS.DIGITALOCEAN_TOKEN.value,
      DIGITALOCEAN_API_URL: digitalocean.url,
      SLACK_BOT_TOKEN: FULL_RUN_SECRETS.SLACK_BOT_TOKEN.value,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      ARCADIA_SPACES_KEY: FULL_RUN_SECRETS.ARCADIA_SPACES_KEY.value,
      ARCADIA_SPACES_SECRET: FULL_RUN_SECRETS.ARCADIA_SPACES_SECRET.value,
      ARCADIA_SPACES_ENDPOINT: digitalocean.url,
      ARCADIA_SPACES_REGIONS: 'nyc3,ams3',
      PORT: String(port),
      ARCADIA_LOG_LEVEL: 'debug',
      ARCADIA_ADMIN_USERS: ADMIN.user,
      ARCADIA_FINANCE_USERS: FINANCE.user,
      ARCADIA_ALLOWED_CHANNELS: 'COPS',
      ARCADIA_FINANCE_CHANNEL: 'CFIN',
      ARCADIA_ALERTS_CHANNEL: 'CALERTS',
      // A failing kind fails at once rather than after retries with backoff.
      ARCADIA_DO_MAX_RETRIES: '1',
      ARCADIA_SYNC_ATTEMPTS: '1',
      // The scheduler runs, but no tick may land mid-session and add syncs the test did not ask for.
      ARCADIA_SYNC_SCHEDULE: '0 0 1 1 *',
      ARCADIA_SNAPSHOT_SCHEDULE: '0 0 1 1 *',
    });

    let output = { stdout: '', stderr: '' };
    let child: ChildProcess | undefined;
    let exited: Promise<number | null> | undefined;
    /** Everything the app answered to the requests below (acks, refusals, the 401): errors people see. */
    const answers: PostResult[] = [];
    const answered = async <T extends PostResult>(request: Promise<T>): Promise<T> => {
      const res = await request;
      answers.push(res);
      return res;
    };
    const idOf = (responseUrl: string) => responseUrl.split('/').pop();
    const replyTo = (responseUrl: string, contains: string) =>
      slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));
    const postedTo = (channel: string, contains: string, threadTs?: string) =>
      slack.waitFor(
        'chat.postMessage',
        (c) =>
          c.params.channel === channel &&
          (threadTs === undefined || c.params.thread_ts === threadTs) &&
          textOf(c.params).includes(contains),
      );

    try {
      child = startCli(['start'], env);
      output = collectOutput(child);
      exited = new Promise((resolve) => child!.once('close', resolve));
      await waitForLog(child, output, 'arcadia started');

      // An admin syncs everything while DO fails one listing: the error path, the failed run and its alert all run.
      digitalocean.inject({ path: '/v2/domains', status: 500 });
      const syncAll = await answered(sim.command('sync all', ADMIN, { secret: signingSecret }));
      expect(syncAll.status).toBe(200);
      const finished = await replyTo(syncAll.responseUrl, 'Sync finished');
      expect(textOf(finished.params)).toContain(':x: *domain*');
      const failure = await postedTo('CALERTS', 'Sync of domain failed');
      expect(textOf(failure.params)).toContain('HTTP 500');
      digitalocean.clearFaults();

      // A droplet disappears: the next sync posts a stale alert, and `stale` lists it.
      const [gone] = digitalocean.account.droplets.splice(0, 1);
      const syncDroplet = await answered(sim.command('sync droplet', ADMIN, { secret: signingSecret }));
      await replyTo(syncDroplet.responseUrl, 'Sync finished');
      await postedTo('CALERTS', 'gone stale');

      const inventory = await answered(sim.command('inventory', OPS, { secret: signingSecret }));
      await replyTo(inventory.responseUrl, 'Inventory');
      const find = await answered(sim.command('find e', OPS, { secret: signingSecret }));
      await replyTo(find.responseUrl, ' match "');
      const stale = await answered(sim.command('stale', OPS, { secret: signingSecret }));
      expect(textOf((await replyTo(stale.responseUrl, 'Stale resources')).params)).toContain(String(gone!.name));

      // Finance uploads June's CSV: downloaded from the stand-in's file host with the bot token,
      // queued on invoice_ingest and ingested by the invoice worker `arcadia start` runs itself.
      const file = slack.addFile({ name: 'june.csv', content: fixtureText('invoice.csv'), user: FINANCE.user });
      const upload = sim.fileShare([file], FINANCE);
      expect((await answered(sim.event(upload, { secret: signingSecret }))).status).toBe(200);
      await postedTo('CFIN', 'Invoice 2025-06', upload.ts);
      const invoice = await answered(sim.command('invoice 2025-06', FINANCE, { secret: signingSecret }));
      await replyTo(invoice.responseUrl, 'Invoice 2025-06');
      // Without a period: last month by the clock, usually not stored (the "not found" answer).
      const lastMonth = await answered(sim.command('invoice', FINANCE, { secret: signingSecret }));
      await slack.waitFor('response_url', (c) => c.params.id === idOf(lastMonth.responseUrl));

      // A forged request: signed with the wrong secret, it is refused and does nothing.
      const forged = await answered(sim.command('sync all', ADMIN, { secret: 'not-the-signing-secret' }));
      expect(forged.status).toBe(401);

      // SIGTERM: the app stops taking requests, finishes its jobs and drains the outbox, then exits.
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(slack.calls.filter((c) => c.params.id === idOf(forged.responseUrl))).toEqual([]);

      // The bot token did go where it belongs: in the Authorization header of Web API calls and file
      // downloads (the stand-in's `token`, left out of the grep), and nowhere else.
      const withToken = slack.calls.filter((c) => c.token !== undefined);
      expect(withToken.length).toBeGreaterThan(0);
      expect(withToken.every((c) => c.token === FULL_RUN_SECRETS.SLACK_BOT_TOKEN.value)).toBe(true);
      expect(slack.callsTo('file.download').map((c) => c.token)).toEqual([FULL_RUN_SECRETS.SLACK_BOT_TOKEN.value]);
      expect(slack.callsTo('response_url').every((c) => c.token === undefined)).toBe(true);
      // When a call is given a token explicitly (Bolt's auth.test at start-up), @slack/web-api sends it
      // in the form body as well as the header: the same credential to the same Web API method, so it
      // is taken out like the header; a `token` field anywhere else stays in the grep.
      const NOT_WEB_API = ['response_url', 'file.download', 'file.upload'];
      const sentToSlack = slack.calls.map(({ method, params }) => {
        if (NOT_WEB_API.includes(method) || !('token' in params)) return { method, params };
        expect(params.token, method).toBe(FULL_RUN_SECRETS.SLACK_BOT_TOKEN.value);
        const { token: _credential, ...rest } = params;
        return { method, params: rest };
      });

      const material: Record<string, string> = {
        'stdout of arcadia start': output.stdout,
        'stderr of arcadia start (logs)': output.stderr,
        'answers to Slack requests': answers.map((a) => `${a.status} ${a.body}`).join('\n'),
        // Everything sent to Slack but the Authorization header: messages, blocks, response_url posts, uploaded files.
        'calls to Slack': sentToSlack.map((c) => JSON.stringify(c)).join('\n'),
        ...(await redisContents(own.prefix)),
        ...(await databaseContents(own.dbName)),
      };

      // Not vacuous: the session produced what it should have, in every place grepped.
      expect(material['stderr of arcadia start (logs)']).toContain('"level":20'); // debug lines were written
      expect(material['stderr of arcadia start (logs)']).toContain('HTTP 500');
      expect(slack.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(4);
      expect(slack.callsTo('response_url').length).toBeGreaterThanOrEqual(7);
      // `find e` matches more rows than a message shows, so the full list went up as a CSV file.
      expect(
        slack
          .callsTo('file.upload')
          .map((c) => String(c.params.body))
          .join('\n'),
      ).toContain('adoring-newton-3nim');
      expect(material['answers to Slack requests']).toContain('401');
      const redisText = Object.entries(material)
        .filter(([k]) => k.startsWith('redis'))
        .map(([, v]) => v)
        .join('\n');
      expect(redisText).toContain('sync-domain-slack-'); // the sync jobs
      expect(redisText).toContain('Sync of domain failed: DigitalOcean answered HTTP 500 to GET /v2/domains'); // the alert's outbox job, with the error
      expect(redisText).toContain('old-worker (s-1vcpu-1gb)'); // the invoice job's file, decoded from base64
      expect(material['mongo sync_runs']).toContain('HTTP 500');
      expect(material['mongo resources']).toContain('my-website-assets'); // listed with the Spaces keys
      expect(material['mongo invoices']).toContain('2025-06');
      expect(material['mongo invoice_lines']).toContain('old-worker (s-1vcpu-1gb)'); // the stored lines

      const leaks: string[] = [];
      for (const [where, text] of Object.entries(material)) {
        for (const [name, secret] of Object.entries(FULL_RUN_SECRETS)) {
          for (const needle of [secret.value, secret.fragment]) {
            const at = text.indexOf(needle);
            if (at >= 0)
              leaks.push(`${name} in ${where}: …${text.slice(Math.max(0, at - 200), at + needle.length + 50)}…`);
          }
        }
      }
      expect(leaks).toEqual([]);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await mongoose.connection
        .useDb(own.dbName, { useCache: false })
        .dropDatabase()
        .catch(() => undefined);
      await slack.stop();
      await digitalocean.stop();
    }
  }, 120_000);
});

/**
 * Every key under the prefix, whatever its type, as text: one entry per key. Values that hold
 * base64 (an uploaded invoice's bytes in its job payload) are decoded too, so nothing hides there.
 */
async function redisContents(prefix: string): Promise<Record<string, string>> {
  const redis = new Redis(inject('redisUrl'));
  const contents: Record<string, string> = {};
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        let value: unknown;
        if (type === 'hash') value = await redis.hgetall(key);
        else if (type === 'string') value = await redis.get(key);
        else if (type === 'list') value = await redis.lrange(key, 0, -1);
        else if (type === 'set') value = await redis.smembers(key);
        else if (type === 'zset') value = await redis.zrange(key, 0, -1, 'WITHSCORES');
        else if (type === 'stream') value = await redis.xrange(key, '-', '+');
        else if (type === 'none')
          continue; // expired between SCAN and TYPE
        else throw new Error(`Redis key ${key} has type ${type}, which the grep does not read yet`);
        const text = JSON.stringify(value);
        contents[`redis ${type} ${key}`] = [text, ...decodedBase64(text)].join('\n');
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return contents;
}

/** The decoded text of every `…Base64` field in JSON found anywhere in `text` (BullMQ keeps job data as a JSON string inside a hash). */
function decodedBase64(text: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (/^[[{]/.test(value)) {
        try {
          walk(JSON.parse(value));
        } catch {
          // Not JSON after all.
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (/base64$/i.test(k) && typeof v === 'string') found.push(Buffer.from(v, 'base64').toString('utf8'));
        else walk(v);
      }
    }
  };
  walk(text);
  return found;
}

/** Every document of every collection in the database, as text, one entry per collection; binary fields are gunzipped when gzipped (invoice line chunks), else read as UTF-8. */
async function databaseContents(dbName: string): Promise<Record<string, string>> {
  const db = mongoose.connection.useDb(dbName, { useCache: false }).db!;
  const contents: Record<string, string> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await db.collection(name).find({}).toArray();
    contents[`mongo ${name}`] = docs.map((d) => JSON.stringify(readable(d))).join('\n');
  }
  return contents;
}

function readable(value: unknown): unknown {
  if (value instanceof mongoose.mongo.Binary) return bytesAsText(Buffer.from(value.buffer));
  if (Buffer.isBuffer(value)) return bytesAsText(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof mongoose.mongo.ObjectId) return value.toHexString();
  if (Array.isArray(value)) return value.map(readable);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v)]));
  return value;
}

function bytesAsText(bytes: Buffer): string {
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
}
