import { describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  actionNameOf,
  familyActionId,
  findingBlockId,
  findingKeyFromBlockId,
  findingStateBlockId,
} from '../../../src/slack/blocks/action-ids.js';

describe('action ids', () => {
  it('are distinct, so the interactivity registry can route each to one handler', () => {
    const ids = Object.values(ACTION_IDS);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('name their action back, a family by its prefix; an id Arcadia never made names none', () => {
    expect(actionNameOf('saga_approve')).toBe('sagaApprove');
    expect(actionNameOf(familyActionId('homeRunCommand', 'waste'))).toBe('homeRunCommand');
    expect(actionNameOf('home_run_command')).toBeUndefined();
    expect(actionNameOf('saga_approve_x')).toBeUndefined();
    expect(actionNameOf('legacy_button')).toBeUndefined();
    expect(() => familyActionId('sagaApprove', 'x')).toThrow();
  });
});

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
});
