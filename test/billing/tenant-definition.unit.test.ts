import { describe, expect, it } from 'vitest';
import { tenantDefinition, TENANT_NAME } from '../../src/billing/tenant-definition.js';

const problems = (input: unknown) => {
  const parsed = tenantDefinition.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('tenantDefinition', () => {
  it('defaults projects, tags and markup, and trims the projects and tags', () => {
    expect(tenantDefinition.parse({ name: 'acme' })).toEqual({ name: 'acme', projects: [], tags: [], markupPct: 0 });
    expect(
      tenantDefinition.parse({ name: 'acme', projects: [' web '], tags: ['team:acme '], markupPct: 12.5 }),
    ).toEqual({
      name: 'acme',
      projects: ['web'],
      tags: ['team:acme'],
      markupPct: 12.5,
    });
  });

  it('takes names that fit in a DO tag: lower case, digits, "_", "." and "-", up to 63, starting with a letter or digit', () => {
    for (const name of ['acme', '9lives', 'a.b_c-d', 'x'.repeat(63)]) expect(TENANT_NAME.test(name), name).toBe(true);
    for (const name of ['Acme', '-acme', '.acme', 'ac me', 'acme:web', '', 'x'.repeat(64)])
      expect(TENANT_NAME.test(name), name).toBe(false);
    expect(problems({ name: 'Acme' })).toEqual([
      'name: must be lower-case letters, digits, "_", "." or "-" (at most 63), starting with a letter or digit',
    ]);
  });

  it('refuses blank projects and tags, naming their place', () => {
    expect(problems({ name: 'acme', projects: ['web', '  '], tags: [''] })).toEqual([
      'projects.1: a project must not be empty',
      'tags.0: a tag must not be empty',
    ]);
  });

  it('keeps markup between 0 and 1000 percent', () => {
    expect(problems({ name: 'acme', markupPct: -1 })).toEqual(['markupPct: markup must be 0 or more']);
    expect(problems({ name: 'acme', markupPct: 1000.01 })).toEqual(['markupPct: markup must be at most 1000%']);
    expect(problems({ name: 'acme', markupPct: 1000 })).toEqual([]);
  });
});
