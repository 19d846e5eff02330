import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoPath } from '../../src/repo-path.js';
import { collectOutput, runCli, startCli, waitForLog } from '../helpers/cli.js';
import { isolation } from '../helpers/context.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The README's first steps, run as written: `npm run standin` (the real script, starting its own
 * throwaway servers) and then every `npx arcadia …` line of "First ten minutes" against what it
 * printed. `npx arcadia` runs the built bin; here the same CLI runs from source (tests/helpers/cli).
 * `npm run …` lines are not run from inside the suite (setup installs, demo and test would recurse):
 * they must be package.json scripts.
 */
const readme = await readFile(repoPath('README.md'), 'utf8');
const pkg = JSON.parse(await readFile(repoPath('package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};

/** The shell lines of a README section's ```sh blocks, comments dropped. */
function shellLines(heading: string): string[] {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README has a "${heading}" section`).toBeGreaterThan(-1);
  const level = heading.split(' ')[0]!;
  const next = readme.slice(start + heading.length + 2).search(new RegExp(`\\n${level} `));
  const section = readme.slice(start, next === -1 ? undefined : start + heading.length + 2 + next);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1]!
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean),
  );
}

function arcadiaArgs(line: string): string[] | null {
  return line.startsWith('npx arcadia ') ? line.slice('npx arcadia '.length).split(/\s+/) : null;
}

const iso = isolation();
let standin: ReturnType<typeof spawn>;
let output: { stdout: string; stderr: string };
let env: Record<string, string> = {};
const exited = () => new Promise<number | null>((resolve) => standin.once('exit', (code) => resolve(code)));

/** A port nothing listens on now, for `arcadia start` (PORT), so the test never meets another process on 3000. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  // Its own process group, so the test can press Ctrl-C the way a terminal does: to the whole group.
  standin = spawn(process.execPath, ['--import', 'tsx', repoPath('scripts', 'standin.ts')], {
    cwd: repoPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  output = collectOutput(standin);
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.stdout.includes('Ctrl-C')) resolve();
    };
    standin.stdout!.on('data', check);
    standin.once('exit', (code) =>
      reject(new Error(`npm run standin exited (${code}) before it was ready:\n${output.stderr}`)),
    );
  });
  for (const [, name, value] of output.stdout.matchAll(/^export ([A-Z_]+)=(\S+)$/gm)) env[name!] = value!;
  env = { ...env, ARCADIA_QUEUE_PREFIX: iso.prefix };
}, 60_000);

afterAll(async () => {
  if (standin.exitCode === null) {
    const done = exited();
    process.kill(-standin.pid!, 'SIGINT');
    await done;
  }
});

describe('the README, run as written', () => {
  it('puts First ten minutes right after Quick start, before the test backend internals', () => {
    const at = (heading: string) => readme.indexOf(`\n${heading}\n`);
    const order = [
      '## Quick start',
      '## First ten minutes',
      '### Offline, against the stand-ins',
      '### The Slack half: the transcript and an upload',
      '### With your own workspace and account',
      '## The test backend: FerretDB on PostgreSQL',
      '## Command line',
    ].map(at);
    expect(order.every((i) => i > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('every npm run line in Quick start and First ten minutes is a package.json script', () => {
    const lines = [...shellLines('## Quick start'), ...shellLines('### Offline, against the stand-ins')];
    const scripts = lines.flatMap((l) => [...l.matchAll(/npm (?:run (\S+)|(test)\b)/g)].map((m) => m[1] ?? m[2]!));
    expect(new Set(scripts)).toEqual(new Set(['setup', 'demo', 'test', 'build', 'standin']));
    for (const s of scripts) expect(Object.keys(pkg.scripts)).toContain(s);
  });

  it('npm run standin prints the exports the README names, pointing at servers that answer', async () => {
    expect(
      Object.keys(env)
        .filter((k) => k !== 'ARCADIA_QUEUE_PREFIX')
        .sort(),
    ).toEqual(
      [
        'ARCADIA_FINANCE_CHANNEL',
        'ARCADIA_FINANCE_USERS',
        'ARCADIA_SPACES_ENDPOINT',
        'ARCADIA_SPACES_KEY',
        'ARCADIA_SPACES_SECRET',
        'SLACK_STANDIN_TRANSCRIPT',
        'SLACK_STANDIN_URL',
        'DIGITALOCEAN_API_URL',
        'DIGITALOCEAN_TOKEN',
        'MONGODB_URI',
        'PORT',
        'REDIS_URL',
        'SLACK_API_URL',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
      ].sort(),
    );
    for (const name of [
      'DIGITALOCEAN_API_URL',
      'DIGITALOCEAN_TOKEN',
      'SLACK_API_URL',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'PORT',
      'ARCADIA_FINANCE_USERS',
      'ARCADIA_FINANCE_CHANNEL',
      'SLACK_STANDIN_URL',
      'SLACK_STANDIN_TRANSCRIPT',
      'MONGODB_URI',
      'REDIS_URL',
    ]) {
      expect(readme).toContain(`\`${name}\``);
    }
    const auth = await fetch(`${env.SLACK_API_URL}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.SLACK_BOT_TOKEN}` },
    });
    expect(await auth.json()).toMatchObject({ ok: true });
    const droplets = await fetch(`${env.DIGITALOCEAN_API_URL}/v2/droplets`, {
      headers: { authorization: `Bearer ${env.DIGITALOCEAN_TOKEN}` },
    });
    expect(droplets.status).toBe(200);
  });

  it('runs every npx arcadia line of First ten minutes against the stand-ins, each exiting 0', async () => {
    // Without the Spaces exports, as the README's first run is.
    const { ARCADIA_SPACES_KEY: _k, ARCADIA_SPACES_SECRET: _s, ARCADIA_SPACES_ENDPOINT: _e, ...first } = env;
    const commands = shellLines('### Offline, against the stand-ins')
      .map(arcadiaArgs)
      .filter((a): a is string[] => a !== null);
    expect(commands.map((c) => c.join(' '))).toEqual(
      expect.arrayContaining(['--version', '--help', 'sync all --wait', 'resources']),
    );
    const results = new Map<string, { code: number | null; stdout: string; stderr: string }>();
    for (const args of commands) {
      const result = await runCli(args, first);
      expect({ command: args.join(' '), code: result.code, stderr: result.stderr }).toEqual({
        command: args.join(' '),
        code: 0,
        stderr: '',
      });
      results.set(args.join(' '), result);
    }
    expect(results.get('--version')!.stdout).toBe(`${pkg.version}\n`);
    const sync = results.get('sync all --wait')!.stdout;
    expect(sync).toMatch(/^spaces_bucket +skipped +- /m);
    expect(sync).toContain(
      '\nspaces_bucket: skipped: Spaces keys not configured (set ARCADIA_SPACES_KEY and ARCADIA_SPACES_SECRET)\n',
    );
    expect(sync).toMatch(/^droplet +succeeded +5 +5 /m);
    expect(results.get('resources')!.stdout).toContain('droplet');
  }, 120_000);

  it('The Slack half, as written: arcadia start, an invoice uploaded through the stand-in, answered in its thread, read in the transcript', async () => {
    const lines = shellLines('### The Slack half: the transcript and an upload');
    expect(lines[0]).toBe('npx arcadia start &');
    const { ARCADIA_SPACES_KEY: _k, ARCADIA_SPACES_SECRET: _s, ARCADIA_SPACES_ENDPOINT: _e, ...first } = env;
    const start = startCli(['start'], first);
    const started = collectOutput(start);
    try {
      await waitForLog(start, started, 'arcadia started');
      const shell = (line: string) =>
        promisify(execFile)('bash', ['-c', line], { cwd: repoPath(), env: { ...process.env, ...env } });
      const [upload, ...reads] = lines.slice(1);
      expect(upload).toMatch(/^curl .*share-file\?name=invoice\.csv"$/);
      const answer = JSON.parse((await shell(upload!)).stdout) as { ok: boolean; ts: string; arcadia_status: number };
      expect(answer).toMatchObject({ ok: true, arcadia_status: 200 });

      // The match summary arrives in the upload's thread once the invoice is reconciled.
      const transcript = async () =>
        (await (await fetch(`${env.SLACK_STANDIN_URL}/transcript`)).json()) as { thread_ts?: string; text: string }[];
      await waitFor(
        async () => (await transcript()).some((e) => e.thread_ts === answer.ts && e.text.includes('Invoice 2025-06')),
        'the invoice summary in the upload thread',
        60_000,
      );
      expect(reads).toEqual(['curl -s "$SLACK_STANDIN_URL/transcript.txt"', 'cat "$SLACK_STANDIN_TRANSCRIPT"']);
      const text = (await shell(reads[0]!)).stdout;
      expect(text).toContain('┌ #CFINANCE (UFINANCE shared a file)\n│ [shared: invoice.csv]');
      expect(text).toContain(`┌ #CFINANCE (thread ${answer.ts})`);
      const file = (await shell(reads[1]!)).stdout.trimEnd().split('\n');
      expect(file.some((l) => / #CFINANCE UFINANCE: \[shared: invoice\.csv\]$/.test(l))).toBe(true);
      expect(
        file.some((l) =>
          l.includes(`#CFINANCE (thread ${answer.ts}) arcadia: Received invoice.csv; reconciling it now.`),
        ),
      ).toBe(true);
      expect(
        file.some((l) =>
          /^\d{4}-\d\d-\d\dT\S+ #CFINANCE \(thread [\d.]+\) arcadia: \$[\d,.]+ invoiced, Invoice 2025-06/.test(l),
        ),
      ).toBe(true);
    } finally {
      const exited = new Promise((resolve) => start.once('close', resolve));
      start.kill('SIGTERM');
      await exited;
    }
  }, 120_000);

  it('Ctrl-C stops the stand-ins and the servers it started, and exits 0', async () => {
    const ports = ['DIGITALOCEAN_API_URL', 'SLACK_API_URL', 'REDIS_URL', 'MONGODB_URI'].map((k) =>
      Number(new URL(env[k]!).port),
    );
    const done = exited();
    process.kill(-standin.pid!, 'SIGINT');
    expect(await done).toBe(0);
    expect(output.stdout).toMatch(/stand-ins stopped\n$/);
    const refused = await Promise.all(
      ports.map(
        (port) =>
          new Promise<boolean>((resolve) => {
            const socket = connect(port, '127.0.0.1');
            socket.once('connect', () => (socket.destroy(), resolve(false)));
            socket.once('error', () => resolve(true));
          }),
      ),
    );
    expect(refused).toEqual([true, true, true, true]);
  }, 60_000);
});
