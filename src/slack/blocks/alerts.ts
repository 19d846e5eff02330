import type { SlackMessage } from './message.js';
import { context, csvAttachment, header, listSections, omittedNote, section } from './limits.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';

interface Named {
  providerId: string;
  name: string;
}

const label = (r: Named) => `• *${escapeMrkdwn(r.name || r.providerId)}* \`${escapeMrkdwn(r.providerId)}\``;

/** One message per sync run: what vanished from DO, and what came back. */
export function staleAlertMessage(view: { kind: string; runId: string; newlyStale: Named[]; newlyRevived: Named[] }): SlackMessage {
  const blocks = [header(`${view.kind}: ${plural(view.newlyStale.length, 'resource')} gone stale`)];
  const stale = listSections(view.newlyStale.map(label), { maxRows: 30 });
  if (view.newlyStale.length) blocks.push(section(`Missing from DigitalOcean's listing, marked stale:`), ...stale.blocks);
  if (stale.omitted) blocks.push(omittedNote(stale.omitted, 'resource'));
  const revived = listSections(view.newlyRevived.map(label), { maxRows: 10 });
  if (view.newlyRevived.length) blocks.push(section(`:recycle: Back again (${view.newlyRevived.length}):`), ...revived.blocks);
  if (revived.omitted) blocks.push(context(`…and ${plural(revived.omitted, 'more')} revived.`));
  blocks.push(context(`Sync run \`${escapeMrkdwn(view.runId)}\``));
  if (!view.newlyStale.length) blocks[0] = header(`${view.kind}: ${plural(view.newlyRevived.length, 'resource')} back`);
  return {
    text: `${view.kind}: ${view.newlyStale.length} newly stale, ${view.newlyRevived.length} revived`,
    blocks,
    ...(stale.omitted
      ? { csv: csvAttachment(`stale-${view.kind}-${view.runId}`, `Newly stale ${view.kind}`, ['id', 'name'], view.newlyStale.map((r) => [r.providerId, r.name])) }
      : {}),
  };
}

/** A sync that used up its retries, or cannot succeed as things stand. `error` is the sentence people are told, with its log reference. */
export function syncFailedAlertMessage(view: { kind: string; error: string; attempts: number }): SlackMessage {
  return {
    text: `Sync of ${view.kind} failed: ${view.error}`,
    blocks: [
      header(`Sync of ${view.kind} failed`),
      section(`Gave up after ${plural(view.attempts, 'attempt')}: ${escapeMrkdwn(view.error)}`),
      context('Nothing was marked stale. The next scheduled sync tries again.'),
    ],
  };
}

/** A complete listing that would have staled too much at once: the guard held, and someone should look. */
export function suspiciousSyncAlertMessage(view: { kind: string; runId: string; reason: string }): SlackMessage {
  return {
    text: `Sync of ${view.kind} looked like mass deletion; nothing was marked stale`,
    blocks: [
      header(`Sync of ${view.kind} held back`),
      section(`:warning: ${escapeMrkdwn(view.reason)}`),
      context(`An outage or a token that lost a scope looks like this. Sync run \`${escapeMrkdwn(view.runId)}\``),
    ],
  };
}
