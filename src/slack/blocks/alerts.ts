import { fallbackText, type SlackMessage } from './message.js';
import { context, csvAttachment, divider, header, listSections, omittedNote, section } from './limits.js';
import type { FindingRow } from '../../findings/finding-row.js';
import { findingBlocks, perMonth } from './finding-blocks.js';
import { formatUsd } from '../../invoice/money.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';

interface Named {
  providerId: string;
  name: string;
}

const label = (r: Named) => `• *${escapeMrkdwn(r.name || r.providerId)}* \`${escapeMrkdwn(r.providerId)}\``;

/** Newly stale resources shown with their facts and buttons; the rest as a list. */
const STALE_WITH_BUTTONS = 8;

/**
 * One message per sync run: what vanished from DO, and what came back. With `rows` (the stale
 * resources' facts: cost, project, region, age, last seen), the first ones carry the finding
 * buttons and the header says what they were costing.
 */
export function staleAlertMessage(view: {
  kind: string;
  runId: string;
  newlyStale: Named[];
  newlyRevived: Named[];
  rows?: FindingRow[];
  now?: Date;
}): SlackMessage {
  const rows = view.rows ?? [];
  // The CSV looks up each of up to tens of thousands of stale resources: by id, not by scanning.
  const rowOf = new Map(rows.map((r) => [r.providerId, r]));
  const priced = rows.filter((r) => r.monthlyCents !== null);
  const cost = priced.length ? `, ${formatUsd(priced.reduce((s, r) => s + r.monthlyCents!, 0))}/mo` : '';
  const blocks = [header(`${view.kind}: ${plural(view.newlyStale.length, 'resource')} gone stale${cost}`)];
  const detailed = new Set(rows.slice(0, STALE_WITH_BUTTONS).map((r) => r.providerId));
  const listed = view.newlyStale.filter((r) => !detailed.has(r.providerId));
  const stale = listSections(listed.map(label), { maxRows: 30 });
  if (view.newlyStale.length)
    blocks.push(
      section(`Missing from DigitalOcean's listing, marked stale${cost ? ' (cost a month while it was live)' : ''}:`),
    );
  for (const row of rows.slice(0, STALE_WITH_BUTTONS))
    blocks.push(divider(), ...findingBlocks(row, view.now ?? new Date()));
  if (detailed.size && listed.length) blocks.push(divider());
  blocks.push(...stale.blocks);
  if (stale.omitted) blocks.push(omittedNote(stale.omitted, 'resource'));
  const revived = listSections(view.newlyRevived.map(label), { maxRows: 10 });
  if (view.newlyRevived.length)
    blocks.push(section(`:recycle: Back again (${view.newlyRevived.length}):`), ...revived.blocks);
  if (revived.omitted) blocks.push(context(`…and ${plural(revived.omitted, 'more')} revived.`));
  blocks.push(context(`Sync run \`${escapeMrkdwn(view.runId)}\``));
  if (!view.newlyStale.length) blocks[0] = header(`${view.kind}: ${plural(view.newlyRevived.length, 'resource')} back`);
  return {
    text: fallbackText(
      `${view.kind}: ${view.newlyStale.length} newly stale${cost ? ` (${cost.slice(2)})` : ''}, ${view.newlyRevived.length} revived`,
    ),
    blocks,
    ...(stale.omitted
      ? {
          csv: csvAttachment(
            `stale-${view.kind}-${view.runId}`,
            `Newly stale ${view.kind}`,
            ['id', 'name', 'monthly'],
            view.newlyStale.map((r) => [r.providerId, r.name, perMonthOf(rowOf, r.providerId)]),
          ),
        }
      : {}),
  };
}

function perMonthOf(rowOf: ReadonlyMap<string, FindingRow>, providerId: string): string | null {
  const row = rowOf.get(providerId);
  return row ? perMonth(row.monthlyCents) : null;
}

/** A sync that used up its retries, or cannot succeed as things stand. `error` is the sentence people are told, with its log reference. */
export function syncFailedAlertMessage(view: { kind: string; error: string; attempts: number }): SlackMessage {
  return {
    text: fallbackText(`Sync of ${view.kind} failed: ${view.error}`),
    blocks: [
      header(`Sync of ${view.kind} failed`),
      section(`Gave up after ${plural(view.attempts, 'attempt')}: ${escapeMrkdwn(view.error)}`),
      context('Nothing was marked stale. The next scheduled sync tries again.'),
    ],
  };
}

/**
 * A listing that stale marking could not trust: it would have staled too much at once (the guard), or
 * had gaps (src/sync/listing-gaps.ts). The reason says which, and what to do; someone should look.
 */
export function suspiciousSyncAlertMessage(view: { kind: string; runId: string; reason: string }): SlackMessage {
  return {
    text: fallbackText(`Sync of ${view.kind} held back; nothing was marked stale`),
    blocks: [
      header(`Sync of ${view.kind} held back`),
      section(`:warning: ${escapeMrkdwn(view.reason)}`),
      context(
        `An outage, a token that lost a scope or a listing with gaps looks like this. Sync run \`${escapeMrkdwn(view.runId)}\``,
      ),
    ],
  };
}
