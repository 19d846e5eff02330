import { beforeEach, describe, expect, it } from 'vitest';
import { FindingState } from '../../models/finding-state.js';
import { loadFindingState, loadFindingStates, recordFindingAction } from '../../src/findings/finding-store.js';
import { EMPTY_STATE, isQuiet } from '../../src/findings/finding-transitions.js';
import { isolation, useDatabase } from '../helpers/context.js';

useDatabase(isolation());
beforeEach(() => FindingState.deleteMany({}));

const KEY = 'idle_droplet:digitalocean:3164444';
const at = new Date('2025-07-05T09:00:00Z');

describe('finding store', () => {
  it('gives the empty state for a finding nobody acted on', async () => {
    expect(await loadFindingState(KEY)).toEqual(EMPTY_STATE);
  });

  it('stores each action, keeping the history oldest first, and reads it back', async () => {
    await recordFindingAction(KEY, { type: 'acknowledge', by: 'U1', at, fingerprint: 'fp-1' });
    const after = await recordFindingAction(KEY, {
      type: 'assign',
      by: 'U1',
      at: new Date('2025-07-06T09:00:00Z'),
      assignee: 'U2',
    });
    const stored = await loadFindingState(KEY);
    expect(stored).toEqual(after);
    expect(stored).toMatchObject({
      acknowledgedBy: 'U1',
      acknowledgedAt: at,
      acknowledgedFingerprint: 'fp-1',
      assignee: 'U2',
      assignedBy: 'U1',
    });
    expect(stored.history.map((h) => [h.action, h.by, h.detail])).toEqual([
      ['acknowledge', 'U1', ''],
      ['assign', 'U1', 'U2'],
    ]);
    expect(isQuiet(stored, 'fp-1', at)).toBe(true);
    expect(isQuiet(stored, 'fp-2', at)).toBe(false);
  });

  it("keeps each finding's state its own", async () => {
    await recordFindingAction(KEY, { type: 'snooze', by: 'U1', at, fingerprint: 'fp-1' });
    expect((await loadFindingState('stale:digitalocean:volume:v1')).snoozedBy).toBeNull();
  });

  it('reads many states at once, by key, leaving out the findings without one', async () => {
    await recordFindingAction(KEY, { type: 'snooze', by: 'U1', at, fingerprint: 'fp-1', days: 2 });
    await recordFindingAction('stale:v1', { type: 'acknowledge', by: 'U3', at, fingerprint: 'stale' });
    const states = await loadFindingStates([KEY, 'stale:v1', 'never-acted-on']);
    expect([...states.keys()].sort()).toEqual([KEY, 'stale:v1'].sort());
    expect(states.get(KEY)).toMatchObject({
      snoozedBy: 'U1',
      snoozedUntil: new Date('2025-07-07T09:00:00Z'),
      snoozedFingerprint: 'fp-1',
      acknowledgedAt: null,
    });
    expect(isQuiet(states.get('stale:v1'), 'stale', at)).toBe(true);
    expect(await loadFindingStates([])).toEqual(new Map());
  });
});
