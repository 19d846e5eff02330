import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { freePort } from '../../testkit/local-services.js';
import { loadConfig } from '../../src/config.js';
import { isolation, testEnv } from '../helpers/context.js';
import { collectOutput, runCli, runCliInProcess, startCli, waitForLog } from '../helpers/cli.js';

const iso = isolation();
const standin = new DoStandin(sampleAccount());
const slack = new SlackStandin();
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  await standin.start();
  await slack.start();
  dir = await mkdtemp(join(tmpdir(), 'arcadia-first-day-'));
  env = testEnv(iso, { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url });
  // The CLI's own default log level (warn), not the suite's silence.
  delete env.ARCADIA_LOG_LEVEL;
});
afterAll(async () => {
  await standin.stop();
  await slack.stop();
});

/** The one line a person sees, and that nothing else (no stack, no JSON log) came with it. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('a first day with arcadia: every failure says what to do', () => {
  it('start with a wrong Slack bot token stops before announcing a start, naming the variable', async () => {
    const { code, stderr } = await runCli(['start'], {
      ...env,
      SLACK_BOT_TOKEN: 'xoxb-wrong',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
    });
    expect(code).toBe(2);
    expect(stderr).not.toContain('arcadia started');
    expect(stderr.trim()).toBe(
      "arcadia: Invalid configuration:\n  - SLACK_BOT_TOKEN: Slack refused it (invalid_auth); copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page, and reinstall the app if it was revoked",
    );
  });

  it('start names every missing setting at once, with the Socket Mode alternative', async () => {
    const { code, stderr } = await runCli(['start'], { ...env, DIGITALOCEAN_TOKEN: '' });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'arcadia: Invalid configuration:',
      '  - DIGITALOCEAN_TOKEN: is required but not set (a read-only API token: DigitalOcean → API → Tokens; or ARCADIA_DO_ACCOUNTS for several teams)',
      "  - SLACK_BOT_TOKEN: is required but not set (the app's Bot User OAuth Token, xoxb-…, under OAuth & Permissions)",
      "  - SLACK_SIGNING_SECRET: is required for HTTP mode (the app's Basic Information → Signing Secret), or set SLACK_APP_TOKEN (xapp-…) to use Socket Mode instead",
    ]);
  });

  it('a second start on a port in use says so and exits before forking a worker', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, resolve));
    try {
      const { code, stderr } = await runCli(['start'], {
        ...env,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        ARCADIA_LOG_LEVEL: 'info',
      });
      expect(code).toBe(1);
      expect(stderr).not.toContain('worker process started');
      expect(stderr).not.toContain('arcadia started');
      expect(stderr.trim().split('\n').at(-1)).toBe(`arcadia: port ${port} is in use (another arcadia?); set PORT`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('start listens on HOST, and says so when HOST is no address of this machine', async () => {
    const { code, stderr } = await runCli(['start'], {
      ...env,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(await freePort()),
      // TEST-NET-1 (RFC 5737): never an address of this machine.
      HOST: '192.0.2.1',
    });
    expect(code).toBe(1);
    expect(oneLine(stderr)).toBe(
      'arcadia: HOST 192.0.2.1 is not an address of this machine; set HOST (unset listens on every interface)',
    );
  });

  it('channel settings must be channel ids, and numbers are asked for in words', async () => {
    const { code, stderr } = await runCli(['resources'], {
      ...env,
      ARCADIA_ALERTS_CHANNEL: '#alerts',
      PORT: 'eighty',
      ARCADIA_STALE_GUARD_RATIO: 'half',
    });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'arcadia: Invalid configuration:',
      '  - PORT: must be a whole number from 1 to 65535',
      '  - ARCADIA_STALE_GUARD_RATIO: must be a number from 0 to 1, e.g. 0.5',
      "  - ARCADIA_ALERTS_CHANNEL: must be a channel id like C0123456789, not a name (in Slack: the channel's name → About → Channel ID)",
    ]);
  });

  it('a MONGODB_URI without a database name uses arcadia, not test', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://db.internal:27017' }).MONGODB_URI).toBe(
      'mongodb://db.internal:27017/arcadia',
    );
    expect(loadConfig({ MONGODB_URI: 'mongodb://u:p@db.internal:27017/?authSource=admin' }).MONGODB_URI).toBe(
      'mongodb://u:p@db.internal:27017/arcadia?authSource=admin',
    );
    expect(loadConfig({ MONGODB_URI: 'mongodb://db.internal:27017/ops' }).MONGODB_URI).toBe(
      'mongodb://db.internal:27017/ops',
    );
  });

  it('a wrong DO token fails the sync with one line naming DIGITALOCEAN_TOKEN', async () => {
    const { code, stdout } = await runCli(['sync', 'domain', '--wait'], {
      ...env,
      DIGITALOCEAN_TOKEN: 'dop_v1_wrong',
      ARCADIA_SYNC_ATTEMPTS: '1',
    });
    expect(code).toBe(1);
    expect(stdout).toContain(
      '\ndomain: DigitalOcean refused DIGITALOCEAN_TOKEN (HTTP 401): the token is wrong, expired or revoked; create one under API → Tokens in the control panel\n',
    );
  });

  it('sync --wait beside a running worker says the worker took the jobs, with its own configuration', async () => {
    // Its own database and queues: the domains it syncs must not reach the tests that expect an empty inventory.
    const own = testEnv(isolation(), { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url });
    const worker = startCli(['worker', '--no-schedule'], { ...own, ARCADIA_LOG_LEVEL: 'info' });
    const output = collectOutput(worker);
    const exited = once(worker, 'exit');
    try {
      await waitForLog(worker, output, 'workers started');
      const { code, stdout, stderr } = await runCli(['sync', 'domain', '--wait'], {
        ...own,
        DIGITALOCEAN_TOKEN: 'dop_v1_wrong',
      });
      // The worker listed with its own (right) token: the run succeeded, and this shell's token was never used.
      expect(code).toBe(0);
      expect(stdout).toMatch(/\ndomain +succeeded /);
      expect(oneLine(stderr)).toBe(
        "arcadia: a running worker took these syncs and ran them with its own configuration (its DIGITALOCEAN_TOKEN and settings), not this shell's",
      );
    } finally {
      worker.kill('SIGTERM');
      await exited;
    }
  });

  it('a token without billing:read fails invoice fetch with one line naming the scope', async () => {
    standin.inject({ path: '/v2/customers/my/invoices', status: 403 });
    try {
      const { code, stderr } = await runCliInProcess(['invoice', 'fetch', '2025-06'], env);
      expect(code).toBe(1);
      expect(oneLine(stderr)).toBe(
        'arcadia: DigitalOcean refused GET /v2/customers/my/invoices (HTTP 403): DIGITALOCEAN_TOKEN lacks the billing:read scope; give the token that scope (or use a read-only token with every scope)',
      );
    } finally {
      standin.clearFaults();
    }
  });

  it('invoice ingest of a missing file, a directory or a PDF says what to give instead', async () => {
    const where = "DigitalOcean's invoice CSV is under Billing → Billing history → the invoice → Download CSV";
    const missing = await runCliInProcess(['invoice', 'ingest', join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(1);
    expect(oneLine(missing.stderr)).toBe(
      `arcadia: no such file: ${join(dir, 'nope.csv')}; give the path of the invoice CSV (${where})`,
    );
    const directory = await runCliInProcess(['invoice', 'ingest', dir], env);
    expect(directory.code).toBe(1);
    expect(oneLine(directory.stderr)).toBe(
      `arcadia: ${dir} is a directory; give the invoice CSV file itself (${where})`,
    );
    const pdf = join(dir, 'invoice.csv');
    await writeFile(pdf, '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    const renamed = await runCliInProcess(['invoice', 'ingest', pdf], env);
    expect(renamed.code).toBe(1);
    expect(oneLine(renamed.stderr)).toBe(
      "arcadia: invoice.csv: file: the file is a PDF; Arcadia reads DigitalOcean's invoice CSV: Billing → Billing history → the invoice → Download CSV",
    );
  });

  it('Redis down: one line with the cause for commands that queue; resources and invoice report do not need it', async () => {
    const port = await freePort();
    const down = { ...env, REDIS_URL: `redis://127.0.0.1:${port}` };
    const sync = await runCli(['sync', 'domain'], down);
    expect(sync.code).toBe(1);
    expect(oneLine(sync.stderr)).toBe(
      `arcadia: Cannot connect to Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}. Check REDIS_URL and that redis-server is running (\`npm run setup\` installs it).`,
    );
    const resources = await runCli(['resources'], down);
    expect(resources).toMatchObject({ code: 0, stderr: '' });
    const report = await runCliInProcess(['invoice', 'report', '2025-06'], down);
    expect(report.code).toBe(1);
    expect(oneLine(report.stderr)).toBe(
      'arcadia: No invoice is stored for 2025-06. Ingest one with `arcadia invoice ingest FILE` or `arcadia invoice fetch 2025-06`.',
    );
  });
});

describe('a first day with arcadia: the CLI guides', () => {
  it('the bin run before a build says to build', async () => {
    const copy = join(dir, 'unbuilt');
    await mkdir(join(copy, 'bin'), { recursive: true });
    await copyFile(new URL('../../bin/arcadia.js', import.meta.url), join(copy, 'bin', 'arcadia.js'));
    const failure = await promisify(execFile)(process.execPath, [join(copy, 'bin', 'arcadia.js'), '--help']).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure).toMatchObject({
      code: 1,
      stderr: 'arcadia: not built yet: run `npm run build` first (or run from source with `npx tsx src/cli.ts`)\n',
    });
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await runCli(['--version'], env)).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('an empty inventory suggests a sync', async () => {
    const { code, stdout } = await runCli(['resources'], env);
    expect(code).toBe(0);
    expect(stdout).toBe('No resources yet: run `arcadia sync all --wait` to fetch the inventory from DigitalOcean.\n');
  });

  it('sync with no worker listening says so and what to do', async () => {
    const { code, stderr } = await runCli(['sync', 'volume'], env);
    expect(code).toBe(0);
    expect(oneLine(stderr)).toBe(
      'arcadia: no worker is listening, so nothing will run these syncs yet: start `arcadia worker` (or `arcadia start`), or run `arcadia sync --wait` to work them here',
    );
  });

  it('takes kind aliases in any case, suggests the nearest name for a typo, and logs only warnings by default', async () => {
    const synced = await runCli(['sync', 'Reserved_IP', 'Domains', '--wait', '--json'], env);
    expect(synced.code).toBe(0);
    expect(synced.stderr).toBe('');
    expect((JSON.parse(synced.stdout) as { runs: { kind: string }[] }).runs.map((r) => r.kind)).toEqual([
      'floating_ip',
      'domain',
    ]);
    const verbose = await runCli(['--verbose', 'sync', 'domain', '--wait'], env);
    expect(verbose.stderr).toContain('"msg":"sync finished"');

    const listed = await runCli(['resources', '--kind', 'reserved-ip', '--json'], env);
    expect((JSON.parse(listed.stdout) as { kind: string }[]).map((r) => r.kind)).toEqual([
      'floating_ip',
      'floating_ip',
    ]);

    const typo = await runCli(['sync', 'dropplet'], env);
    expect(typo.code).toBe(1);
    expect(oneLine(typo.stderr)).toMatch(
      /^arcadia: Unknown resource kind "dropplet"; did you mean "droplet"\? Known kinds: project, droplet, /,
    );
  });

  it('invoice export writes FOCUS by default and says where', async () => {
    const ingest = await runCliInProcess(['invoice', 'ingest', 'test/fixtures/invoices/basic.csv'], env);
    expect(ingest.code).toBe(0);
    const out = join(dir, 'june.csv');
    const { code, stdout } = await runCliInProcess(['invoice', 'export', '2025-06', '--out', out], env);
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote 24 invoice lines for 2025-06 as FOCUS CSV to ${out}\n`);
    expect((await readFile(out, 'utf8')).split('\n')[0]).toContain('BilledCost');
  });

  it("the FOCUS InvoiceId is DO's invoice id where DO named one", async () => {
    expect((await runCliInProcess(['invoice', 'fetch', '2025-06'], env)).code).toBe(0);
    const { code, stdout } = await runCliInProcess(['invoice', 'export', '2025-06', '--out', '-'], env);
    expect(code).toBe(0);
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(24);
    expect(new Set(rows.map((r) => r.InvoiceId))).toEqual(new Set(['418071234']));
  });

  it('a kind that cannot be listed (Spaces without keys) shows skipped and why, not succeeded with 0', async () => {
    const text = await runCli(['sync', 'spaces_bucket', 'domain', '--wait'], env);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout.split('\n').map((l) => l.trimEnd())).toEqual([
      'KIND           STATUS     LISTED  CREATED  UPDATED  UNCHANGED  STALE  REVIVED  API CALLS',
      'spaces_bucket  skipped    -       -        -        -          -      -        0',
      expect.stringMatching(/^domain {9}succeeded {2}1 {7}[01] {8}0 {8}[01] {10}0 {6}0 {8}1$/),
      '',
      'spaces_bucket: skipped: Spaces keys not configured (set ARCADIA_SPACES_KEY and ARCADIA_SPACES_SECRET)',
      '',
    ]);
    const json = await runCli(['sync', 'spaces_bucket', '--wait', '--json'], env);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { runs: unknown[] }).runs[0]).toMatchObject({
      kind: 'spaces_bucket',
      status: 'skipped',
      skippedBecause: 'Spaces keys not configured (set ARCADIA_SPACES_KEY and ARCADIA_SPACES_SECRET)',
      listed: 0,
      error: null,
    });
  });

  it('the ingest summary says what matched, what is unmatched as expected and what needs attention, in words, with no hash', async () => {
    expect((await runCli(['sync', 'all', '--wait'], env)).code).toBe(0);
    // Other content for the period first, so basic.csv is matched now, against the full inventory.
    expect((await runCliInProcess(['invoice', 'ingest', 'test/fixtures/invoices/items.json'], env)).code).toBe(0);
    const { code, stdout } = await runCliInProcess(['invoice', 'ingest', 'test/fixtures/invoices/basic.csv'], env);
    expect(code).toBe(0);
    expect(stdout.split('\n\n')[0]!.split('\n')).toEqual([
      // Neither file names an invoice: each is a copy of the period's one invoice, fetched from DO earlier, which keeps DO's id.
      'Invoice 2025-06: DO invoice 418071234 (csv from the command line)',
      "Replaced the period's earlier lines.",
      '24 lines, $179.71.',
      // App Platform and Container Registry lines match their app and registry once synced.
      'Matched: 18 lines, $153.58 (85.5% of the amount).',
      'Unmatched as expected: 2 lines, $21.34: tax (1 line), charged to the account (1 line).',
      'Needs attention: 4 lines, $4.79: no such resource synced (4 lines); after `arcadia sync all --wait`, `arcadia invoice rematch 2025-06` tries them again.',
      'Totals: no stated total to check the lines against.',
    ]);
    expect(stdout).not.toMatch(/[0-9a-f]{64}|resource_never_seen|no_inventory_surface/);
    expect(stdout).toMatch(/\n\d+ +Taxes +GST \(10%\) +\$16\.34 +tax\n/);
    // The new kinds' free resources (VPCs, certificates, uptime checks, a static-site app…) add to these.
    expect(stdout).toContain('Running but not billed: 14 resources, 14 of them usually free');
  });
});
