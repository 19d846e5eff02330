import { describe, expect, it } from 'vitest';
import { applyFindingAction, EMPTY_STATE, isQuiet, stateLines } from '../../src/findings/finding-transitions.js';

const at = new Date('2025-07-05T12:00:00Z');
const later = (days: number) => new Date(at.getTime() + days * 86_400_000);

describe('finding state transitions', () => {
  it('acknowledge quiets the finding until its fingerprint changes', () => {
    const s = applyFindingAction(EMPTY_STATE, { type: 'acknowledge', by: 'U1', at, fingerprint: 'rule|400' });
    expect(isQuiet(s, 'rule|400', later(365))).toBe(true);
    expect(isQuiet(s, 'rule|900', later(1))).toBe(false);
    expect(stateLines(s, 'rule|400', at)).toEqual([':white_check_mark: Acknowledged by <@U1> on 2025-07-05']);
  });

  it('snooze quiets it for 7 days, and not past them', () => {
    const s = applyFindingAction(EMPTY_STATE, { type: 'snooze', by: 'U2', at, fingerprint: 'f' });
    expect(s.snoozedUntil).toEqual(later(7));
    expect(isQuiet(s, 'f', later(6.9))).toBe(true);
    expect(isQuiet(s, 'f', later(7))).toBe(false);
    expect(isQuiet(s, 'changed', later(1))).toBe(false);
  });

  it('assign records the assignee without quieting, and every action lands in the history', () => {
    let s = applyFindingAction(EMPTY_STATE, { type: 'assign', by: 'U1', at, assignee: 'U9' });
    s = applyFindingAction(s, { type: 'acknowledge', by: 'U9', at: later(1), fingerprint: 'f' });
    expect(isQuiet(applyFindingAction(EMPTY_STATE, { type: 'assign', by: 'U1', at, assignee: 'U9' }), 'f', at)).toBe(
      false,
    );
    expect(s.assignee).toBe('U9');
    expect(s.history.map((h) => [h.action, h.by, h.detail])).toEqual([
      ['assign', 'U1', 'U9'],
      ['acknowledge', 'U9', ''],
    ]);
    expect(EMPTY_STATE.history).toEqual([]);
  });
});
