import { FindingState as FindingStateModel } from '../../models/finding-state.js';
import { applyFindingAction, EMPTY_STATE, type FindingAction, type FindingState } from './finding-transitions.js';

/** A finding's stored state, or the empty state. */
export async function loadFindingState(key: string): Promise<FindingState> {
  const doc = await FindingStateModel.findById(key).lean();
  if (!doc) return { ...EMPTY_STATE, history: [] };
  const { _id, ...rest } = doc;
  return {
    ...EMPTY_STATE,
    ...rest,
    history: (rest.history ?? []).map((h) => ({
      action: h.action ?? '',
      by: h.by ?? '',
      at: h.at ?? new Date(0),
      detail: h.detail ?? '',
    })),
  } as FindingState;
}

/** States of many findings at once, by key (missing ones have none). */
export async function loadFindingStates(keys: readonly string[]): Promise<Map<string, FindingState>> {
  if (keys.length === 0) return new Map();
  const docs = await FindingStateModel.find({ _id: { $in: keys } }).lean();
  return new Map(docs.map((d) => [d._id, { ...EMPTY_STATE, ...d } as unknown as FindingState]));
}

/** Applies one action to a finding's state and stores the result. */
export async function recordFindingAction(key: string, action: FindingAction): Promise<FindingState> {
  const next = applyFindingAction(await loadFindingState(key), action);
  await FindingStateModel.replaceOne({ _id: key }, { _id: key, ...next }, { upsert: true });
  return next;
}
