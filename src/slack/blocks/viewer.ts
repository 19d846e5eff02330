import { actionAudience, actionNameOf, type ActionAudience } from './action-ids.js';
import type { Block } from './message.js';

/** Whether the person a message is for may press an action of this audience (AccessPolicy.canPress). */
export type CanPress = (audience: ActionAudience) => boolean;

/**
 * A message for one person (an ephemeral reply, a DM, their Home tab) as they should see it: the
 * buttons and selects their roles may not press left out, and an actions block left empty by that
 * dropped. Elements with no registered action id (none Arcadia makes) are kept. Channel messages
 * are not filtered: everyone there sees every button, and a refused click is told why.
 */
export function forViewer(blocks: readonly Block[], canPress: CanPress): Block[] {
  const pressable = (element: unknown): boolean => {
    const id = (element as { action_id?: unknown } | undefined)?.action_id;
    if (typeof id !== 'string') return true;
    const name = actionNameOf(id);
    return name === undefined || canPress(actionAudience(name));
  };
  const shown: Block[] = [];
  for (const block of blocks) {
    if (block.type === 'actions') {
      const elements = block.elements.filter(pressable);
      if (elements.length) shown.push(elements.length === block.elements.length ? block : { ...block, elements });
    } else if (block.type === 'section' && block.accessory && !pressable(block.accessory)) {
      const { accessory: _dropped, ...rest } = block;
      shown.push(rest);
    } else shown.push(block);
  }
  return shown;
}
