import type { SlackMessage } from './message.js';
import { context, header, section } from './limits.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';

/** One kind's run, as a person asking for the sync sees it. */
export interface KindRunResult {
  kind: string;
  /** `skipped`: the kind could not be listed at all; `skippedBecause` says why. */
  status: 'succeeded' | 'skipped' | 'failed' | 'suspicious';
  skippedBecause?: string;
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

const ICON = { succeeded: ':white_check_mark:', skipped: ':zzz:', failed: ':x:', suspicious: ':warning:' } as const;

function outcome(r: KindRunResult): string {
  if (r.status === 'failed') return escapeMrkdwn(r.error ?? 'failed');
  if (r.status === 'skipped') return `skipped: ${escapeMrkdwn(r.skippedBecause ?? 'not listed this run')}`;
  const counts = `${r.listed} listed, ${r.created} new, ${r.updated} changed, ${r.markedStale} stale, ${r.revived} revived`;
  return r.status === 'suspicious' && r.error ? `${counts}\n    _${escapeMrkdwn(r.error)}_` : counts;
}

/** Posted to the conversation that asked for a sync, once every kind has finished. */
export function syncResultsMessage(view: { results: KindRunResult[] }): SlackMessage {
  const lines = view.results.map((r) => `${ICON[r.status]} *${r.kind}*: ${outcome(r)}`);
  const count = (status: KindRunResult['status']) => view.results.filter((r) => r.status === status).length;
  const [succeeded, skipped] = [count('succeeded'), count('skipped')];
  const attention = view.results.length - succeeded - skipped;
  const parts = [attention ? `${plural(attention, 'kind needs', 'kinds need')} attention.` : 'All kinds synced.', ...(skipped ? [`${plural(skipped, 'kind was', 'kinds were')} skipped.`] : [])];
  return {
    text: `Sync finished: ${succeeded} of ${plural(view.results.length, 'kind')} synced${skipped ? `, ${skipped} skipped` : ''}`,
    blocks: [header('Sync finished'), section(lines.join('\n')), context(parts.join(' '))],
  };
}
