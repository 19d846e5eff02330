import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig } from '../../../src/config.js';
import { repoPath } from '../../../src/repo-path.js';
import { RESOURCE_KINDS } from '../../../src/sync/kinds/index.js';
import { WASTE_RULES } from '../../../src/waste/rules/index.js';
import { int } from '../../../src/setting-schemas.js';
import type { WasteRule } from '../../../src/waste/waste-rule.js';

const throws = (f: () => unknown) => {
  try {
    f();
    return false;
  } catch {
    return true;
  }
};

const README = readFileSync(repoPath('README.md'), 'utf8');

/**
 * The parts a registered rule lacks: its file is named after its id, it has a test, a title and
 * known kinds; each setting it declares is named ARCADIA_WASTE_…, is one of Arcadia's settings
 * (its default in DEFAULTS, a bad value refused by loadConfig) and has its README row with its default.
 */
function missingParts(rule: WasteRule): string[] {
  const missing: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id) || !existsSync(repoPath('src', 'waste', 'rules', `${rule.id}.ts`)))
    missing.push('id');
  if (!existsSync(repoPath('test', 'waste', 'rules', `${rule.id}.test.ts`))) missing.push('test');
  if (!rule.title.trim()) missing.push('title');
  if (rule.kinds.length === 0 || rule.kinds.some((k) => !(RESOURCE_KINDS as readonly string[]).includes(k)))
    missing.push('kinds');
  for (const [name, setting] of Object.entries(rule.settings ?? {})) {
    const fallback = setting.schema.parse(undefined);
    const row = new RegExp(`^\\| \`${name}\` \\| \`${fallback}\` \\| \\S`, 'm');
    if (
      !name.startsWith('ARCADIA_WASTE_') ||
      (DEFAULTS as Record<string, unknown>)[name] !== fallback ||
      !throws(() => loadConfig({ [name]: 'soon' }))
    )
      missing.push(`setting ${name}`);
    if (!row.test(README)) missing.push(`README row for ${name}`);
  }
  return missing;
}

describe('waste rule registry', () => {
  it('declares every part of every registered rule', () => {
    expect(Object.fromEntries(WASTE_RULES.map((r) => [r.id, missingParts(r)]))).toEqual(
      Object.fromEntries(WASTE_RULES.map((r) => [r.id, []])),
    );
  });

  it('catches a rule that forgets a part', () => {
    expect(missingParts({ id: 'idle-widget', title: '', kinds: ['widget' as never], detect: () => [] })).toEqual([
      'id',
      'test',
      'title',
      'kinds',
    ]);
    const unmerged = {
      ARCADIA_WASTE_WIDGET_DAYS: { schema: int(0, 10).default(3), means: 'a widget this old is reported' },
    };
    expect(missingParts({ ...WASTE_RULES[0], settings: unmerged })).toEqual([
      'setting ARCADIA_WASTE_WIDGET_DAYS',
      'README row for ARCADIA_WASTE_WIDGET_DAYS',
    ]);
  });

  it('registers each rule file once, under a unique id (ids are part of finding keys)', () => {
    const files = readdirSync(repoPath('src', 'waste', 'rules'))
      .filter((f) => f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect(WASTE_RULES.map((r) => r.id).sort()).toEqual(files.sort());
  });
});
