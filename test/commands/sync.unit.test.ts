import { describe, expect, it } from 'vitest';
import { sync } from '../../commands/sync.js';
import { RESOURCE_KINDS } from '../../src/sync/kinds/index.js';

// Enqueueing is tested against real Redis in test/slack/app.e2e.test.ts.
describe('/cloud sync arguments', () => {
  it('means every kind for nothing or "all", and each kind once otherwise', () => {
    expect(sync.schema.parse('')).toEqual(RESOURCE_KINDS);
    expect(sync.schema.parse('all')).toEqual(RESOURCE_KINDS);
    expect(sync.schema.parse('droplet volume droplet')).toEqual(['droplet', 'volume']);
  });

  it('names every unknown kind', () => {
    expect(sync.schema.safeParse('droplet gizmo widget').error?.issues[0]?.message).toMatch(/^Unknown kinds "gizmo", "widget"\. Kinds: .*, or all\.$/);
  });

  it('is for admins', () => {
    expect(sync.audience).toBe('admin');
  });
});
