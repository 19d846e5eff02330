import { describe, expect, it } from 'vitest';
import { FINDING_ACTIONS, findingBlockId, findingKeyFromBlockId, findingStateBlockId } from '../../src/findings/action-ids.js';

describe('finding block ids', () => {
  it("carry the finding's key, and give it back", () => {
    const key = 'idle_droplet:digitalocean:3164444';
    expect(findingBlockId(key)).toBe(`finding:${key}`);
    expect(findingKeyFromBlockId(findingBlockId(key))).toBe(key);
  });

  it("are cut to Slack's 255 characters however long the key", () => {
    const key = `unattached_volume:${'v'.repeat(400)}`;
    expect(findingBlockId(key)).toHaveLength(255);
    expect(findingStateBlockId(key)).toHaveLength(255);
    expect(findingBlockId(key).startsWith('finding:unattached_volume:')).toBe(true);
  });

  it("give no key for another block's id, including a finding's state line", () => {
    expect(findingKeyFromBlockId('provision:saga-1')).toBeNull();
    expect(findingKeyFromBlockId(findingStateBlockId('idle_droplet:1'))).toBeNull();
  });

  it('are distinct per button, so the interactivity registry can route each to one handler', () => {
    const ids = Object.values(FINDING_ACTIONS);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
