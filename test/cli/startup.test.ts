import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../src/repo-path.js';

// What the stack's heavy packages are; each is CommonJS, so once loaded it is in require's cache.
const HEAVY = ['mongoose', 'mongodb', 'ioredis', 'bullmq', '@slack/bolt', '@aws-sdk/client-s3', 'pdfkit', 'pino'];

/** Runs `arcadia ARGS` from the sources and says which of HEAVY it had loaded when it exited. */
function run(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; loaded: string[] } {
  const script = `
    import { createRequire } from 'node:module';
    process.on('exit', () => {
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      const heavy = ${JSON.stringify(HEAVY)}.filter((p) => loaded.some((k) => k.includes('/node_modules/' + p + '/')));
      process.stderr.write('\\nLOADED ' + JSON.stringify(heavy));
    });
    process.argv = [process.argv[0], 'arcadia', ...${JSON.stringify(args)}];
    await import(${JSON.stringify(pathToFileURL(repoPath('src', 'cli.ts')).href)});
  `;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoPath(),
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  const loaded = /LOADED (\[.*\])/.exec(res.stderr)?.[1];
  if (!loaded) throw new Error(`arcadia ${args.join(' ')} did not report what it loaded: ${res.stderr}`);
  return { status: res.status, stdout: res.stdout, loaded: JSON.parse(loaded) as string[] };
}

describe('CLI start-up', () => {
  it.each(['--help', '--version', 'invoice --help', 'billing statement --help', 'saga reject --help'])(
    '`arcadia %s` loads none of the database, queue, Slack or PDF packages',
    (line) => {
      const res = run(line.split(' '));
      expect(res.status).toBe(0);
      expect(res.stdout).not.toBe('');
      expect(res.loaded).toEqual([]);
    },
  );

  it('a command loads what it runs on once it runs', () => {
    // A MONGODB_URI that is no URL: the configuration refuses it, after the command's modules loaded.
    const res = run(['resources', '--json'], { MONGODB_URI: 'nowhere' });
    expect(res.status).toBe(2);
    expect(res.loaded).toContain('mongoose');
  });
});
