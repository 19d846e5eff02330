import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { freePort } from '../../testkit/local-services.js';
import { isolation, testEnv } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';

const iso = isolation();
const standin = new DoStandin(sampleAccount());
let env: Record<string, string>;

beforeAll(async () => {
  await standin.start();
  env = testEnv(iso, { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url });
});
afterAll(() => standin.stop());

describe('arcadia CLI', () => {
  it('syncs droplets and domains through the queue and prints each run as JSON', async () => {
    const { code, stdout } = await runCli(['sync', 'droplet', 'domain', '--wait', '--json'], env);
    expect(code).toBe(0);
    const { runs } = JSON.parse(stdout) as { runs: Record<string, unknown>[] };
    expect(runs).toEqual([
      {
        kind: 'droplet',
        account: 'default',
        status: 'succeeded',
        listed: 5,
        created: 5,
        updated: 0,
        unchanged: 0,
        markedStale: 0,
        revived: 0,
        apiCalls: 2,
        error: null,
      },
      {
        kind: 'domain',
        account: 'default',
        status: 'succeeded',
        listed: 1,
        created: 1,
        updated: 0,
        unchanged: 0,
        markedStale: 0,
        revived: 0,
        apiCalls: 1,
        error: null,
      },
    ]);

    const resources = await runCli(['resources', '--kind', 'droplet', '--json'], env);
    expect(resources.code).toBe(0);
    const list = JSON.parse(resources.stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(5);
    const web = list.find((r) => r.providerId === '3164444')!;
    expect(Object.keys(web)).toEqual(
      expect.arrayContaining([
        'kind',
        'providerId',
        'name',
        'region',
        'status',
        'stale',
        'staleSince',
        'firstSeenAt',
        'lastSeenAt',
        'tags',
        'attrs',
      ]),
    );
    expect(web).toMatchObject({
      kind: 'droplet',
      name: 'example.com',
      region: 'nyc3',
      status: 'active',
      stale: false,
      staleSince: null,
    });
    expect(web.attrs).toMatchObject({
      size_slug: 's-1vcpu-1gb',
      backups_enabled: true,
      public_ipv4: '192.241.165.154',
    });
  });

  it('exits non-zero and says why when a run fails', async () => {
    standin.inject({ path: '/v2/domains', status: 500 });
    try {
      const { code, stdout } = await runCli(['sync', 'domain', '--wait', '--json'], {
        ...env,
        ARCADIA_DO_MAX_RETRIES: '1',
        ARCADIA_SYNC_ATTEMPTS: '1',
      });
      expect(code).toBe(1);
      const { runs } = JSON.parse(stdout) as { runs: { status: string; error: string }[] };
      expect(runs[0]!.status).toBe('failed');
      expect(runs[0]!.error).toMatch(
        /DigitalOcean GET \/v2\/domains.* failed: Injected failure\. \(HTTP 500, id=server_error/,
      );
      expect(stdout).not.toContain(standin.token);
    } finally {
      standin.clearFaults();
    }
  });

  it('refuses an unknown kind with the list of known ones', async () => {
    const { code, stderr } = await runCli(['sync', 'volcano'], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Unknown resource kind "volcano"\. Known kinds: .*\bdroplet\b/);
  });

  it('stops at start-up with one clear message naming every bad variable', async () => {
    const { code, stderr } = await runCli(['resources'], {
      ...env,
      MONGODB_URI: 'localhost:27017',
      REDIS_URL: 'nope',
      DIGITALOCEAN_TOKEN: 'dop_v1_secret',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('MONGODB_URI: must be a URL starting with mongodb:// or mongodb+srv://');
    expect(stderr).toContain('REDIS_URL');
    expect(stderr).not.toContain('dop_v1_secret');
  });

  it('says clearly when MongoDB cannot be reached, without the password', async () => {
    const port = await freePort();
    const { code, stderr } = await runCli(['resources'], {
      ...env,
      MONGODB_URI: `mongodb://arcadia:hunter2@127.0.0.1:${port}/arcadia`,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`Cannot connect to MongoDB at mongodb://arcadia:***@127.0.0.1:${port}/arcadia`);
    expect(stderr).toContain('Check MONGODB_URI');
    expect(stderr).not.toContain('hunter2');
  });

  it('requires a DO token for a sync', async () => {
    const { code, stderr } = await runCli(['sync', 'droplet'], { ...env, DIGITALOCEAN_TOKEN: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('DIGITALOCEAN_TOKEN: is required but not set');
  });
});
