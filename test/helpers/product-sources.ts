import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoPath } from '../../src/repo-path.js';

/** Every product source file (src/, jobs/, commands/, models/), as a path relative to the repository. */
export function productSources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  return ['src', 'jobs', 'commands', 'models'].flatMap((d) => walk(repoPath(d))).map((f) => relative(repoPath(), f));
}
