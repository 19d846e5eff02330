import { fallbackText, type SlackMessage } from './message.js';
import { context, csvAttachment, header, listSections, omittedNote, section } from './limits.js';
import { escapeMrkdwn, formatAge, plural } from './mrkdwn.js';

export interface StaleResource {
  kind: string;
  providerId: string;
  name: string;
  staleSince: Date;
}

/** `/cloud stale [kind]`: resources gone from DO, oldest first, with how long they have been gone. */
export function staleMessage(view: { items: StaleResource[]; now: Date; kind?: string }): SlackMessage {
  const scope = view.kind ? ` ${view.kind}` : '';
  if (view.items.length === 0) return { text: fallbackText(`No stale${scope} resources`), blocks: [section(`:white_check_mark: No stale${scope} resources.`)] };
  const lines = view.items.map(
    (r) => `• *${escapeMrkdwn(r.name || r.providerId)}* · ${r.kind} \`${escapeMrkdwn(r.providerId)}\` · gone ${formatAge(view.now.getTime() - r.staleSince.getTime())}`,
  );
  const { blocks, omitted } = listSections(lines);
  return {
    text: fallbackText(`${plural(view.items.length, `stale${scope} resource`)}`),
    blocks: [
      header(`Stale${scope} resources (${view.items.length})`),
      ...blocks,
      ...(omitted ? [omittedNote(omitted, 'resource')] : []),
      context('Stale: missing from DigitalOcean\'s last complete listing. Kept so old invoices still match.'),
    ],
    ...(omitted
      ? {
          csv: csvAttachment(
            'stale-resources',
            `Stale${scope} resources`,
            ['kind', 'id', 'name', 'stale_since'],
            view.items.map((r) => [r.kind, r.providerId, r.name, r.staleSince.toISOString()]),
          ),
        }
      : {}),
  };
}
