import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../../src/repo-path.js';
import { kindTable } from './kind-table.js';

describe('README kind table', () => {
  it('lists every registered kind with the token scopes its spec declares (`npx tsx test/sync/kinds/kind-table.ts` prints it)', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    const table = /<!-- kinds:start -->\n([\s\S]*?)\n<!-- kinds:end -->/.exec(readme)?.[1];
    expect(table).toBe(kindTable());
  });
});
