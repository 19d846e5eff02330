import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repoPath } from '../../src/repo-path.js';
import { dockerStages } from '../helpers/dockerfile.js';

const run = promisify(execFile);

/** Every compiled module under `dir`, as paths relative to it. */
function modules(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
}

/**
 * The image's file set, built here without Docker (no image can be pulled on this machine): what the
 * Dockerfile's last stage copies, each piece made as its stage makes it — the compiled output by
 * `npm run build`, node_modules by `npm ci --omit=dev` from package.json and the lock file alone, the
 * rest copied from the repository — in a clean directory, then run from there.
 */
describe('the production file set the Dockerfile copies', () => {
  it('runs arcadia from a clean directory with production dependencies only', async () => {
    const stages = dockerStages();
    const image = stages[stages.length - 1]!;
    const root = mkdtempSync(join(tmpdir(), 'arcadia-image-'));
    const app = join(root, 'app');
    mkdirSync(app);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    try {
      for (const copy of image.copies) {
        for (const source of copy.sources) {
          if (copy.from === 'build' && source === '/app/dist')
            await run('npm', ['run', '-s', 'build', '--', '--outDir', join(app, 'dist')], { cwd: repoPath(), env });
          else if (copy.from === 'deps' && source === '/app/node_modules') {
            // The deps stage: package.json and the lock file, nothing else, then the production install.
            const deps = join(root, 'deps');
            mkdirSync(deps);
            for (const file of ['package.json', 'package-lock.json']) cpSync(repoPath(file), join(deps, file));
            await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
              cwd: deps,
              env,
              maxBuffer: 16 * 1024 * 1024,
            });
            renameSync(join(deps, 'node_modules'), join(app, 'node_modules'));
          } else if (!copy.from) cpSync(repoPath(source), join(app, source), { recursive: true });
          else throw new Error(`the test does not know how to make ${source} from stage ${copy.from}`);
        }
      }
      // `RUN ln -s /app/bin/arcadia.js /usr/local/bin/arcadia`: `arcadia` on the PATH, through a link.
      const binDir = join(root, 'usr-local-bin');
      mkdirSync(binDir);
      symlinkSync(join(app, 'bin', 'arcadia.js'), join(binDir, 'arcadia'));
      const arcadia = (args: string[]) =>
        run('arcadia', args, { cwd: app, env: { ...env, PATH: `${binDir}:${env.PATH}`, NODE_ENV: 'production' } });

      // No development dependency came along, and nothing of the repository beyond what was copied.
      expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false);
      expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
      expect(readdirSync(app).sort()).toEqual([
        'bin',
        'blueprints',
        'dist',
        'node_modules',
        'package-lock.json',
        'package.json',
      ]);

      const { version } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
      expect((await arcadia(['--version'])).stdout.trim()).toBe(version);
      const help = (await arcadia(['worker', '--help'])).stdout;
      expect(help).toContain('Usage: arcadia worker');
      expect(help).toContain('--no-schedule');
      expect((await arcadia(['start', '--help'])).stdout).toContain('Usage: arcadia start');

      // Every compiled module loads from the production dependencies (the commands load theirs only
      // when they run, so --help alone would not notice a development dependency imported at run time).
      const dist = join(app, 'dist');
      const files = modules(dist).filter((f) => relative(dist, join(dist, f)) !== join('src', 'cli.js'));
      expect(files.length).toBeGreaterThan(100);
      const loader = `for (const f of ${JSON.stringify(files.map((f) => join(dist, f)))}) await import(f); console.log('loaded');`;
      const loaded = await run(process.execPath, ['--input-type=module', '-e', loader], { cwd: app, env });
      expect(loaded.stdout.trim()).toBe('loaded');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
