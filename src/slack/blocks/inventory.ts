import type { SlackMessage } from './message.js';
import { context, header, section } from './limits.js';
import { formatAge, formatTime } from './mrkdwn.js';

export interface KindInventory {
  kind: string;
  live: number;
  stale: number;
  /** When the kind's last successful sync finished its listing; null if it never has. */
  lastSyncAt: Date | null;
}

/** `/cloud inventory [kind]`: counts per kind and how fresh each kind's data is. */
export function inventoryMessage(view: { kinds: KindInventory[]; now: Date; kind?: string }): SlackMessage {
  const title = view.kind ? `Inventory: ${view.kind}` : 'Inventory';
  if (view.kinds.length === 0) {
    return { text: `${title}: nothing synced yet`, blocks: [header(title), section('Nothing synced yet. An admin can run `/cloud sync all`.')] };
  }
  const rows = view.kinds.map((k) => {
    const fresh = k.lastSyncAt ? `${formatAge(view.now.getTime() - k.lastSyncAt.getTime())} ago (${formatTime(k.lastSyncAt)})` : 'never synced';
    return `*${k.kind}*: ${k.live} live, ${k.stale} stale · last sync ${fresh}`;
  });
  const live = view.kinds.reduce((n, k) => n + k.live, 0);
  const stale = view.kinds.reduce((n, k) => n + k.stale, 0);
  return {
    text: `${title}: ${live} live, ${stale} stale`,
    // One row per kind: at most a dozen kinds, well inside one section.
    blocks: [header(title), section(rows.join('\n')), context(`Total: ${live} live, ${stale} stale`)],
  };
}
