import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../../src/repo-path.js';
import { RESOURCE_KINDS } from '../../../src/sync/kinds/index.js';
import { WASTE_RULES } from '../../../src/waste/rules/index.js';
import type { WasteRule } from '../../../src/waste/waste-rule.js';

/** The parts a registered rule lacks: its file is named after its id, it has a test, a title and known kinds. */
function missingParts(rule: WasteRule): string[] {
  const missing: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id) || !existsSync(repoPath('src', 'waste', 'rules', `${rule.id}.ts`))) missing.push('id');
  if (!existsSync(repoPath('test', 'waste', 'rules', `${rule.id}.test.ts`))) missing.push('test');
  if (!rule.title.trim()) missing.push('title');
  if (rule.kinds.length === 0 || rule.kinds.some((k) => !(RESOURCE_KINDS as readonly string[]).includes(k))) missing.push('kinds');
  return missing;
}

describe('waste rule registry', () => {
  it('declares every part of every registered rule', () => {
    expect(Object.fromEntries(WASTE_RULES.map((r) => [r.id, missingParts(r)]))).toEqual(Object.fromEntries(WASTE_RULES.map((r) => [r.id, []])));
  });

  it('catches a rule that forgets a part', () => {
    expect(missingParts({ id: 'idle-widget', title: '', kinds: ['widget' as never], detect: () => [] })).toEqual(['id', 'test', 'title', 'kinds']);
  });

  it('registers each rule file once, under a unique id (ids are part of finding keys)', () => {
    const files = readdirSync(repoPath('src', 'waste', 'rules')).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
    expect(WASTE_RULES.map((r) => r.id).sort()).toEqual(files.sort());
  });
});
