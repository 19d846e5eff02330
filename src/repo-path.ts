import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** Absolute path of a file in this repository, whether running from `src/` (tsx) or `dist/`. */
export function repoPath(...parts: string[]): string {
  if (!root) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json'))) {
      const up = dirname(dir);
      if (up === dir) throw new Error('cannot find the repository root (no package.json above this file)');
      dir = up;
    }
    root = dir;
  }
  return join(root, ...parts);
}
