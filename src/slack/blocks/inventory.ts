import { fallbackText, type SlackMessage } from './message.js';
import { context, header, section } from './limits.js';
import { formatAge, formatTime, plural } from './mrkdwn.js';
import { consoleListUrl } from '../../inventory/console-url.js';

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
    return {
      text: fallbackText(`${title}: nothing synced yet`),
      blocks: [header(title), section('Nothing synced yet. An admin can run `/cloud sync all`.')],
    };
  }
  const rows = view.kinds.map((k) => {
    const fresh = k.lastSyncAt
      ? `synced ${formatAge(view.now.getTime() - k.lastSyncAt.getTime())} ago`
      : 'never synced';
    const stale = k.stale ? `, *${k.stale} stale*` : '';
    return `*<${consoleListUrl(k.kind)}|${k.kind}>*: ${k.live} live${stale} · ${fresh}`;
  });
  const live = view.kinds.reduce((n, k) => n + k.live, 0);
  const stale = view.kinds.reduce((n, k) => n + k.stale, 0);
  const oldest = view.kinds
    .map((k) => k.lastSyncAt)
    .filter((d): d is Date => d !== null)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  // The one thing worth knowing first: what is stale, else how much is live.
  const staleKinds = view.kinds.filter((k) => k.stale).map((k) => plural(k.stale, k.kind));
  const headline = `${title}: ${staleKinds.length ? `${staleKinds.join(', ')} stale; ` : ''}${live} live`;
  return {
    text: fallbackText(`${title}: ${live} live, ${stale} stale`),
    // One row per kind: at most a dozen kinds, well inside one section.
    blocks: [
      header(headline),
      section(rows.join('\n')),
      context(
        oldest
          ? `Oldest sync ${formatTime(oldest)}. Kind names open DigitalOcean's control panel.`
          : "Kind names open DigitalOcean's control panel.",
      ),
    ],
  };
}
