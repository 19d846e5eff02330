import type { CommandFile } from '../../outbox/message.js';
import { fallbackText, type CsvAttachment, type SlackMessage } from './message.js';
import { context, csvAttachment, header, listSections, MAX_LIST_ROWS, omittedNote, section } from './limits.js';
import { escapeMrkdwn, formatAge, plural } from './mrkdwn.js';

export interface StaleResource {
  kind: string;
  providerId: string;
  name: string;
  staleSince: Date;
}

/** How many stale resources `/cloud stale` reads and shows; the rest are counted and go out as CSV. */
export const STALE_SHOWN = MAX_LIST_ROWS;

/**
 * `/cloud stale [kind]`: the oldest-gone resources (`items`, at most STALE_SHOWN), how long each
 * has been gone, and how many there are in all; a cut list offers the whole one as a file. Those a
 * saga deleted on purpose are not among them, only counted in a line (`removedBySaga`).
 */
export function staleMessage(view: {
  items: StaleResource[];
  total: number;
  now: Date;
  kind?: string;
  removedBySaga?: number;
}): SlackMessage & { file?: CommandFile } {
  const scope = view.kind ? ` ${view.kind}` : '';
  const removed = view.removedBySaga
    ? [
        context(
          `${plural(view.removedBySaga, 'more resource')} gone because a saga's teardown deleted ${view.removedBySaga === 1 ? 'it' : 'them'}: not listed, nothing to do.`,
        ),
      ]
    : [];
  if (view.total === 0)
    return {
      text: fallbackText(`No stale${scope} resources`),
      blocks: [section(`:white_check_mark: No stale${scope} resources.`), ...removed],
    };
  const lines = view.items.map(
    (r) =>
      `• *${escapeMrkdwn(r.name || r.providerId)}* · ${r.kind} \`${escapeMrkdwn(r.providerId)}\` · gone ${formatAge(view.now.getTime() - r.staleSince.getTime())}`,
  );
  const { blocks, omitted: cut } = listSections(lines);
  const omitted = cut + Math.max(0, view.total - view.items.length);
  return {
    text: fallbackText(`${plural(view.total, `stale${scope} resource`)}`),
    blocks: [
      header(`Stale${scope} resources (${view.total})`),
      ...blocks,
      ...(omitted ? [omittedNote(omitted, 'resource', 'direct-message')] : []),
      ...removed,
      context("Stale: missing from DigitalOcean's last complete listing. Kept so old invoices still match."),
    ],
    ...(omitted ? { file: { of: 'stale', ...(view.kind ? { kind: view.kind } : {}) } } : {}),
  };
}

/** Every stale resource as CSV, oldest first. */
export function staleCsv(items: readonly StaleResource[], kind?: string): CsvAttachment {
  return csvAttachment(
    'stale-resources',
    `Stale${kind ? ` ${kind}` : ''} resources`,
    ['kind', 'id', 'name', 'stale_since'],
    items.map((r) => [r.kind, r.providerId, r.name, r.staleSince.toISOString()]),
  );
}
