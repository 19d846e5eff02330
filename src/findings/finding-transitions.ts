/** A finding's state as the pure transitions see it (the shape of models/finding-state.ts). */
export interface FindingState {
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgedFingerprint: string | null;
  snoozedBy: string | null;
  snoozedUntil: Date | null;
  snoozedFingerprint: string | null;
  assignee: string | null;
  assignedBy: string | null;
  assignedAt: Date | null;
  history: { action: string; by: string; at: Date; detail: string }[];
}

export const EMPTY_STATE: FindingState = {
  acknowledgedBy: null,
  acknowledgedAt: null,
  acknowledgedFingerprint: null,
  snoozedBy: null,
  snoozedUntil: null,
  snoozedFingerprint: null,
  assignee: null,
  assignedBy: null,
  assignedAt: null,
  history: [],
};

/** How long "Snooze" keeps a finding out of digests. */
export const SNOOZE_DAYS = 7;

export type FindingAction =
  | { type: 'acknowledge'; by: string; at: Date; fingerprint: string }
  | { type: 'snooze'; by: string; at: Date; fingerprint: string; days?: number }
  | { type: 'assign'; by: string; at: Date; assignee: string };

/** The state after an action. Pure: the store reads, applies this and writes. */
export function applyFindingAction(state: FindingState, action: FindingAction): FindingState {
  const history = [...state.history];
  switch (action.type) {
    case 'acknowledge':
      history.push({ action: 'acknowledge', by: action.by, at: action.at, detail: '' });
      return {
        ...state,
        acknowledgedBy: action.by,
        acknowledgedAt: action.at,
        acknowledgedFingerprint: action.fingerprint,
        history,
      };
    case 'snooze': {
      const until = new Date(action.at.getTime() + (action.days ?? SNOOZE_DAYS) * 86_400_000);
      history.push({ action: 'snooze', by: action.by, at: action.at, detail: until.toISOString() });
      return { ...state, snoozedBy: action.by, snoozedUntil: until, snoozedFingerprint: action.fingerprint, history };
    }
    case 'assign':
      history.push({ action: 'assign', by: action.by, at: action.at, detail: action.assignee });
      return { ...state, assignee: action.assignee, assignedBy: action.by, assignedAt: action.at, history };
  }
}

/**
 * Whether a finding stays out of digests and re-alerts: acknowledged, or snoozed and the snooze not
 * over, in both cases only while the finding is what it was when someone acted on it.
 */
export function isQuiet(state: FindingState | null | undefined, fingerprint: string, now: Date): boolean {
  if (!state) return false;
  if (state.acknowledgedAt && state.acknowledgedFingerprint === fingerprint) return true;
  return Boolean(state.snoozedUntil && state.snoozedUntil > now && state.snoozedFingerprint === fingerprint);
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** One line per decision still in force, for the message under the finding: "Acknowledged by <@U1> on 2025-07-05". */
export function stateLines(state: FindingState | null | undefined, fingerprint: string, now: Date): string[] {
  if (!state) return [];
  const lines: string[] = [];
  if (state.acknowledgedAt && state.acknowledgedFingerprint === fingerprint)
    lines.push(`:white_check_mark: Acknowledged by <@${state.acknowledgedBy}> on ${day(state.acknowledgedAt)}`);
  if (state.snoozedUntil && state.snoozedUntil > now && state.snoozedFingerprint === fingerprint)
    lines.push(`:zzz: Snoozed by <@${state.snoozedBy}> until ${day(state.snoozedUntil)}`);
  if (state.assignee)
    lines.push(
      `:bust_in_silhouette: Assigned to <@${state.assignee}> by <@${state.assignedBy}>${state.assignedAt ? ` on ${day(state.assignedAt)}` : ''}`,
    );
  return lines;
}
