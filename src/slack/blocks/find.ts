import type { CommandFile } from '../../outbox/message.js';
import { fallbackText, type CsvAttachment, type SlackMessage } from './message.js';
import { inAccount } from '../../digitalocean/accounts.js';
import { context, csvAttachment, header, listSections, omittedNote, section } from './limits.js';
import { escapeMrkdwn, formatTime, plural } from './mrkdwn.js';

export interface FoundResource {
  /** Its DO team, when not the default one: two teams may hold the same id. */
  account?: string;
  kind: string;
  providerId: string;
  name: string;
  region: string | null;
  status: string | null;
  project: string | null;
  /** IPs, size, engine: a kind's key fields as label → value. */
  keyFields: Record<string, string>;
  stale: boolean;
  staleSince: Date | null;
  /** Its page in DO's control panel (src/inventory/console-url.ts), from the stored resource. */
  consoleUrl: string;
}

/** `/cloud find <term>`: matching resources with their key fields, project and status. */
export function findMessage(view: { term: string; matches: FoundResource[] }): SlackMessage & { file?: CommandFile } {
  const term = escapeMrkdwn(view.term);
  if (view.matches.length === 0) {
    return {
      text: fallbackText(`No resource matches "${view.term}"`),
      blocks: [section(`No resource matches *${term}* (by name, IP or id).`)],
    };
  }
  const lines = view.matches.map((r) => {
    // Units after numbers ("100 GiB"), labels before names ("size s-1vcpu-1gb").
    const extras = Object.entries(r.keyFields).map(([k, v]) =>
      k === 'GiB' ? `${escapeMrkdwn(v)} GiB` : `${k} ${escapeMrkdwn(v)}`,
    );
    const state = r.stale
      ? `:ghost: stale since ${r.staleSince ? formatTime(r.staleSince) : '?'}`
      : (r.status ?? 'live');
    return [
      `*<${r.consoleUrl}|${escapeMrkdwn(r.name || r.providerId)}>* · ${escapeMrkdwn(inAccount(r.kind, r.account))} \`${escapeMrkdwn(r.providerId)}\``,
      [r.region, `project ${r.project ? escapeMrkdwn(r.project) : '(none)'}`, state, ...extras]
        .filter(Boolean)
        .join(' · '),
    ].join('\n');
  });
  const { blocks, omitted } = listSections(lines, { maxRows: 20 });
  return {
    text: fallbackText(
      `${plural(view.matches.length, 'resource')} ${view.matches.length === 1 ? 'matches' : 'match'} "${view.term}"`,
    ),
    blocks: [
      header(`${plural(view.matches.length, 'match', 'matches')} for "${view.term}"`),
      ...blocks,
      ...(omitted ? [omittedNote(omitted, 'match', 'direct-message')] : []),
      context('Names open the resource in DigitalOcean.'),
    ],
    ...(omitted ? { file: { of: 'find', term: view.term } } : {}),
  };
}

/** Every match as CSV. */
export function findCsv(term: string, matches: readonly FoundResource[]): CsvAttachment {
  return csvAttachment(
    'find-results',
    `Matches for ${term}`,
    ['kind', 'id', 'name', 'region', 'status', 'project', 'stale_since'],
    matches.map((r) => [
      r.kind,
      r.providerId,
      r.name,
      r.region,
      r.status,
      r.project,
      r.staleSince?.toISOString() ?? null,
    ]),
  );
}
