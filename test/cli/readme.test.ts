import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoPath } from '../../src/repo-path.js';
import { collectOutput, runCli } from '../helpers/cli.js';
import { isolation } from '../helpers/context.js';

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

beforeAll(async () => {
  // Its own process group, so the test can press Ctrl-C the way a terminal does: to the whole group.
  standin = spawn(process.execPath, ['--import', 'tsx', repoPath('scripts', 'standin.ts')], {
    cwd: repoPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
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
