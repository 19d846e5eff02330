import { DEFAULT_ACCOUNT } from '../../digitalocean/accounts.js';
import { shortDay } from '../../anomaly/days.js';
import type { Anomaly } from '../../anomaly/detect.js';
import { formatUsd } from '../../invoice/money.js';
import { ACTION_IDS } from './action-ids.js';
import { context, divider, header, LIMITS, section } from './limits.js';
import { fallbackText, type Block, type ImageAttachment, type SlackMessage } from './message.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';

/** What the digest shows of one anomaly (src/anomaly/anomaly-store.ts stores it). */
export type DigestAnomaly = Pick<
  Anomaly,
  'account' | 'tenant' | 'sku' | 'product' | 'day' | 'baselineCents' | 'cents' | 'weekday'
> & { id: string; explanation: readonly string[] };

export interface AnomalyDigestInput {
  day: string;
  anomalies: readonly DigestAnomaly[];
  newTenants: readonly { account: string; tenant: string; cents: number }[];
  settings: { minUsd: number; minPct: number; madK: number; baselineDays: number; minHistoryDays: number };
  /** Several DO teams: each anomaly names its team. */
  several: boolean;
  image?: ImageAttachment;
}

/** At most this many anomalies get their own section and buttons; the rest are counted, and `arcadia anomalies` lists all. */
export const MAX_DIGEST_ANOMALIES = 10;

const perDay = (cents: number) => `${formatUsd(cents)}/day`;

/** block_id of an anomaly's buttons: the id travels with a users_select, which carries no value. */
export function anomalyBlockId(id: string): string {
  return `anomaly:${id}`.slice(0, LIMITS.blockId);
}

export function anomalyIdFromBlockId(blockId: string): string | null {
  return blockId.startsWith('anomaly:') ? blockId.slice('anomaly:'.length) : null;
}

/** block_id of the line under an anomaly saying who decided what. */
export function anomalyStateBlockId(id: string): string {
  return `anomaly-state:${id}`.slice(0, LIMITS.blockId);
}

function owner(a: DigestAnomaly, several: boolean): string {
  const who = a.tenant ? `*${escapeMrkdwn(a.tenant)}*` : '*account* (no tenant)';
  return several && a.account !== DEFAULT_ACCOUNT ? `${who} in ${escapeMrkdwn(a.account)}` : who;
}

function anomalyBlocks(a: DigestAnomaly, several: boolean): Block[] {
  const why = a.explanation.length
    ? `Why: ${a.explanation.map(escapeMrkdwn).join('; ')}`
    : 'Why: nothing in the inventory changed that day; worth a look';
  const before =
    a.baselineCents === 0
      ? 'nothing before'
      : `${perDay(a.baselineCents)} before${a.weekday ? ` on ${weekdayName(a.day)}s` : ''}`;
  return [
    divider(),
    section(
      `${owner(a, several)} · ${escapeMrkdwn(a.product)} \`${escapeMrkdwn(a.sku)}\`\n` +
        `*+${perDay(a.cents - a.baselineCents)}*: ${perDay(a.cents)} now, ${before}\n${why}`,
    ),
    {
      type: 'actions',
      block_id: anomalyBlockId(a.id),
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.anomalyExpected,
          text: { type: 'plain_text', text: 'Expected' },
          value: a.id,
        },
        {
          type: 'users_select',
          action_id: ACTION_IDS.anomalyInvestigate,
          placeholder: { type: 'plain_text', text: 'Investigate: assign…' },
        },
        {
          type: 'button',
          action_id: ACTION_IDS.anomalySnooze,
          text: { type: 'plain_text', text: 'Snooze 7 days' },
          value: a.id,
        },
      ],
    },
  ];
}

function weekdayName(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
}

/**
 * The daily anomaly digest: one message for the day, leading with how many anomalies and how many
 * dollars a day they add; each names the tenant, the product and SKU, the dollars a day before
 * and now, and what explains it, with Expected / Investigate / Snooze. Tenants new that day are
 * noted, not judged. The tenant's daily spend is uploaded beside it as a chart.
 */
export function anomalyDigestMessage(input: AnomalyDigestInput): SlackMessage {
  const { anomalies, newTenants, settings: s } = input;
  const extra = anomalies.reduce((sum, a) => sum + a.cents - a.baselineCents, 0);
  const when = shortDay(input.day);
  const title = anomalies.length
    ? `${plural(anomalies.length, 'spend anomaly', 'spend anomalies')} on ${when}: +${perDay(extra)}`
    : `No spend anomalies on ${when}`;
  const shown = anomalies.slice(0, MAX_DIGEST_ANOMALIES);
  const blocks: Block[] = [header(title), ...shown.flatMap((a) => anomalyBlocks(a, input.several))];
  if (anomalies.length > shown.length)
    blocks.push(context(`${anomalies.length - shown.length} more: \`arcadia anomalies\` lists them all.`));
  if (newTenants.length) {
    blocks.push(divider());
    const names = newTenants.map((t) => `*${escapeMrkdwn(t.tenant)}* (${perDay(t.cents)})`).join(', ');
    blocks.push(
      section(
        `New: ${names} spent for the first time. Judged once it has ${plural(s.minHistoryDays, 'day')} of history.`,
      ),
    );
  }
  blocks.push(
    context(
      `Against the median of the last ${s.baselineDays} days (that weekday's own where spend follows the week; ` +
        `the 1st only against earlier 1sts). Reported when at least +${perDay(Math.round(s.minUsd * 100))}, +${s.minPct}% and ` +
        `${s.madK} MADs above; once, on its first day. DO's nightly estimates, from Billing Insights.`,
    ),
  );
  return {
    text: fallbackText(
      anomalies.length
        ? `${title}: ${anomalies
            .slice(0, 3)
            .map((a) => `${a.tenant ?? 'account'} ${a.product}`)
            .join(', ')}`
        : title,
    ),
    blocks,
    ...(input.image ? { image: input.image } : {}),
  };
}

/** The digest with a line under one anomaly saying who decided what (its buttons kept, so a decision can change). */
export function withAnomalyState(blocks: readonly Block[], id: string, line: string): Block[] {
  const stateId = anomalyStateBlockId(id);
  const kept = blocks.filter((b) => b.block_id !== stateId);
  const at = kept.findIndex((b) => b.block_id === anomalyBlockId(id));
  if (at < 0) return kept;
  const state: Block = { type: 'context', block_id: stateId, elements: [{ type: 'mrkdwn', text: line }] };
  return [...kept.slice(0, at + 1), state, ...kept.slice(at + 1)];
}
