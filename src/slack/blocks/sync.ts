import { inAccount } from '../../digitalocean/accounts.js';
import { fallbackText, type SlackMessage } from './message.js';
import { context, header, section } from './limits.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';
import type { SyncRunReport } from '../../sync/run-report.js';

/**
 * One kind's run as the answer to `/cloud sync` shows it: the run report every front end renders,
 * its team named only when it is not the default one (lines then read "droplet in staging").
 */
export type KindRunResult = Pick<
  SyncRunReport,
  'kind' | 'status' | 'skippedBecause' | 'listed' | 'created' | 'updated' | 'markedStale' | 'revived' | 'error'
> & { account?: string };

/** The immediate answer to `/cloud sync`. */
export function syncQueuedMessage(view: { queued: string[]; joined: string[] }): SlackMessage {
  const parts: string[] = [];
  if (view.queued.length)
    parts.push(
      `:arrows_counterclockwise: Syncing ${view.queued.map((k) => `*${k}*`).join(', ')}. I'll post the results here when done.`,
    );
  if (view.joined.length)
    parts.push(
      `${view.joined.map((k) => `*${k}*`).join(', ')} ${view.joined.length === 1 ? 'was' : 'were'} already syncing; those results go to the alerts channel.`,
    );
  return {
    text: fallbackText(`Sync queued: ${[...view.queued, ...view.joined].join(', ')}`),
    blocks: [section(parts.join('\n'))],
  };
}

const ICON = { succeeded: ':white_check_mark:', skipped: ':zzz:', failed: ':x:', suspicious: ':warning:' } as const;

const named = (r: KindRunResult) => inAccount(r.kind, r.account);

/** What changed in one run, largest news first: "1 droplet went stale", "2 new volumes". */
function changes(r: KindRunResult): string[] {
  const out: string[] = [];
  if (r.markedStale) out.push(`${plural(r.markedStale, r.kind)} went stale`);
  if (r.revived) out.push(`${plural(r.revived, r.kind)} came back`);
  if (r.created) out.push(`${plural(r.created, `new ${r.kind}`)}`);
  if (r.updated) out.push(`${plural(r.updated, r.kind)} changed`);
  return out;
}

/**
 * Posted to the conversation that asked for a sync, once every kind has finished. Leads with the
 * one thing that changed (or failed); per-kind lines list only what changed, the counts once below.
 */
export function syncResultsMessage(view: { results: KindRunResult[] }): SlackMessage {
  const failed = view.results.filter((r) => r.status === 'failed' || r.status === 'suspicious');
  const skipped = view.results.filter((r) => r.status === 'skipped');
  // The headline's news names its team; the per-kind lines below already do.
  const news = view.results.flatMap((r) => changes(r).map((c) => (r.account ? `${c} in ${r.account}` : c)));
  const problem = failed.length
    ? `${failed.map(named).join(', ')} sync ${failed.every((r) => r.status === 'suspicious') ? 'held back' : 'failed'}`
    : null;
  const change = news.length
    ? news[0]! + (news.length > 1 ? ` (+${plural(news.length - 1, 'more change')})` : '')
    : null;
  const skip = skipped.length ? `${skipped.map(named).join(', ')} skipped` : null;
  const headline = [problem, change].filter(Boolean).join('; ') || skip || 'Nothing changed';
  const lines = view.results.map((r) => {
    if (r.status === 'failed') return `${ICON.failed} *${named(r)}*: ${escapeMrkdwn(r.error ?? 'failed')}`;
    if (r.status === 'skipped')
      return `${ICON.skipped} *${named(r)}*: skipped: ${escapeMrkdwn(r.skippedBecause ?? 'not listed this run')}`;
    const what = changes(r);
    const body = what.length ? what.join(', ') : 'no changes';
    return `${ICON[r.status]} *${named(r)}*: ${body}${r.status === 'suspicious' && r.error ? `\n    _${escapeMrkdwn(r.error)}_` : ''}`;
  });
  const listed = view.results
    .filter((r) => r.status === 'succeeded' || r.status === 'suspicious')
    .reduce((n, r) => n + r.listed, 0);
  const teams = new Set(view.results.map((r) => r.account)).size;
  const notes = [
    ...(failed.length ? [`${plural(failed.length, 'kind needs', 'kinds need')} attention.`] : []),
    ...(skipped.length ? [`${plural(skipped.length, 'kind was', 'kinds were')} skipped.`] : []),
  ];
  return {
    text: fallbackText(`Sync finished: ${headline}`),
    blocks: [
      header(headline),
      section(lines.join('\n')),
      context(
        [
          `${plural(listed, 'resource')} listed in ${plural(new Set(view.results.map((r) => r.kind)).size, 'kind')}${teams > 1 ? ` across ${teams} teams` : ''}.`,
          ...notes,
        ].join(' '),
      ),
    ],
  };
}
