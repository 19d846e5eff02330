import { formatUsd } from '../../invoice/money.js';
import { DEFAULT_ACCOUNT } from '../../digitalocean/accounts.js';
import type { FindingRow } from '../../findings/finding-row.js';
import { fallbackText, type Block, type SlackMessage } from './message.js';
import { context, LIMITS, section } from './limits.js';
import { escapeMrkdwn, formatAge } from './mrkdwn.js';
import { ACTION_IDS, findingBlockId, findingStateBlockId } from './action-ids.js';

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** `$4.00/mo`: cost first, unit after the number. */
export function perMonth(cents: number | null): string {
  return cents === null ? 'cost unknown' : `${formatUsd(cents)}/mo`;
}

/** The four buttons of a finding. Values carry the finding's key; the handlers under src/slack/actions/ act on it. */
export function findingActions(row: Pick<FindingRow, 'key' | 'consoleUrl'>): Block {
  const value = clip(row.key, LIMITS.actionValue);
  return {
    type: 'actions',
    block_id: findingBlockId(row.key),
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.findingAcknowledge,
        text: { type: 'plain_text', text: 'Acknowledge' },
        value,
      },
      {
        type: 'button',
        action_id: ACTION_IDS.findingSnooze,
        text: { type: 'plain_text', text: 'Snooze 7 days' },
        value,
      },
      {
        type: 'users_select',
        action_id: ACTION_IDS.findingAssign,
        placeholder: { type: 'plain_text', text: 'Assign to…' },
      },
      {
        type: 'button',
        action_id: ACTION_IDS.findingOpenInDo,
        text: { type: 'plain_text', text: 'Open in DigitalOcean' },
        url: clip(row.consoleUrl, LIMITS.url),
        value,
      },
    ],
  };
}

/** A finding: what and what it costs, its facts in one context line, its decisions, its buttons. */
export function findingBlocks(row: FindingRow, now: Date): Block[] {
  const label =
    row.name && row.name !== row.providerId
      ? `*${escapeMrkdwn(row.name)}* \`${escapeMrkdwn(row.providerId)}\``
      : `\`${escapeMrkdwn(row.providerId)}\``;
  const facts = [
    row.account && row.account !== DEFAULT_ACCOUNT ? `Team *${escapeMrkdwn(row.account)}*` : null,
    row.project ? `Project *${escapeMrkdwn(row.project)}*` : 'No project',
    row.tenant ? `Tenant *${escapeMrkdwn(row.tenant)}*` : null,
    row.region ? `Region ${escapeMrkdwn(row.region)}` : null,
    row.age.basis === 'created'
      ? `Age ${formatAge(now.getTime() - row.age.at.getTime())}`
      : `First seen ${formatAge(now.getTime() - row.age.at.getTime())} ago`,
    `Last seen ${formatAge(now.getTime() - row.lastSeenAt.getTime())} ago`,
  ].filter(Boolean);
  const blocks: Block[] = [
    section(`*${perMonth(row.monthlyCents)}* · ${label}${row.reason ? `\n${escapeMrkdwn(row.reason)}` : ''}`),
    context(facts.join(' · ')),
  ];
  if (row.stateLines.length) blocks.push(stateBlock(row.key, row.stateLines));
  blocks.push(findingActions(row));
  return blocks;
}

function stateBlock(key: string, lines: string[]): Block {
  return { ...context(...lines), block_id: findingStateBlockId(key) };
}

/**
 * A posted message with one finding's decisions replaced (who did what, when): what a button click
 * turns the message into. Pure; other findings in the message are left as they were.
 */
export function withFindingState(blocks: readonly Block[], key: string, lines: string[]): Block[] {
  const kept = blocks.filter((b) => b.block_id !== findingStateBlockId(key));
  const at = kept.findIndex((b) => b.type === 'actions' && b.block_id === findingBlockId(key));
  if (at < 0 || lines.length === 0) return kept;
  return [...kept.slice(0, at), stateBlock(key, lines), ...kept.slice(at)];
}

/** The finding's own line in a message (what and what it costs), from the blocks above its buttons; null when absent. */
export function findingSummaryIn(blocks: readonly Block[], key: string): string | null {
  const at = blocks.findIndex((b) => b.type === 'actions' && b.block_id === findingBlockId(key));
  for (let i = at - 1; i >= 0; i -= 1) {
    const b = blocks[i] as Block & { text?: { text?: string } };
    if (b.type === 'divider' || b.type === 'actions') break;
    if (b.type === 'section' && typeof b.text?.text === 'string') return b.text.text;
  }
  return null;
}

/**
 * The direct message to someone a finding was just assigned to: who assigned it, where, and the
 * finding's own line (cost first), so they need not go looking for it.
 */
export function findingAssignedMessage(view: {
  by: string;
  /** The channel of the message it was assigned from; none for an ephemeral /cloud waste answer. */
  channel?: string;
  /** The finding's line as the message showed it (Arcadia's own mrkdwn). */
  summary: string | null;
}): SlackMessage {
  const where = view.channel ? ` in <#${view.channel}>` : '';
  return {
    text: fallbackText('A finding was assigned to you'),
    blocks: [
      section(`:bust_in_silhouette: <@${view.by}> assigned you a finding${where}:`),
      ...(view.summary ? [section(view.summary)] : []),
      context('Acknowledge or snooze it there once it is dealt with; `/cloud waste` lists every open finding.'),
    ],
  };
}
