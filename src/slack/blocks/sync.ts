import type { SlackMessage } from './message.js';
import { context, header, section } from './limits.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** One kind's run, as a person asking for the sync sees it. */
export interface KindRunResult {
  kind: string;
  status: 'succeeded' | 'failed' | 'suspicious';
  listed: number;
  created: number;
  updated: number;
  markedStale: number;
  revived: number;
  error: string | null;
}

/** The immediate answer to `/cloud sync`. */
export function syncQueuedMessage(view: { queued: string[]; joined: string[] }): SlackMessage {
  const parts: string[] = [];
  if (view.queued.length) parts.push(`:arrows_counterclockwise: Syncing ${view.queued.map((k) => `*${k}*`).join(', ')}. I'll post the results here when done.`);
  if (view.joined.length)
    parts.push(`${view.joined.map((k) => `*${k}*`).join(', ')} ${view.joined.length === 1 ? 'was' : 'were'} already syncing; those results go to the alerts channel.`);
  return { text: `Sync queued: ${[...view.queued, ...view.joined].join(', ')}`, blocks: [section(parts.join('\n'))] };
}

const ICON = { succeeded: ':white_check_mark:', failed: ':x:', suspicious: ':warning:' } as const;

/** Posted to the conversation that asked for a sync, once every kind has finished. */
export function syncResultsMessage(view: { results: KindRunResult[] }): SlackMessage {
  const lines = view.results.map((r) => {
    const counts = `${r.listed} listed, ${r.created} new, ${r.updated} changed, ${r.markedStale} stale, ${r.revived} revived`;
    return `${ICON[r.status]} *${r.kind}*: ${r.status === 'failed' ? escapeMrkdwn(r.error ?? 'failed') : counts}${r.status === 'suspicious' && r.error ? `\n    _${escapeMrkdwn(r.error)}_` : ''}`;
  });
  const failed = view.results.filter((r) => r.status !== 'succeeded').length;
  return {
    text: `Sync finished: ${view.results.length - failed} of ${view.results.length} kinds succeeded`,
    blocks: [header('Sync finished'), section(lines.join('\n')), context(failed ? `${failed} kind(s) need attention.` : 'All kinds synced.')],
  };
}
