import { formatCents, formatUsd } from '../../invoice/money.js';
import type { FindingRow } from '../../findings/finding-row.js';
import { findingBlocks, perMonth } from './finding-blocks.js';
import { fallbackText, type SlackMessage } from './message.js';
import { context, csvAttachment, divider, header, listSections, section } from './limits.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';

/** Findings shown with their buttons in one message: at most 5 blocks each keeps inside Slack's 50. */
export const FINDINGS_WITH_BUTTONS = 8;

export interface WasteView {
  /** Open findings, most expensive first, acknowledged and snoozed ones already left out. */
  findings: FindingRow[];
  /** How many were left out as acknowledged or snoozed. */
  quiet: number;
  now: Date;
  /** "Weekly waste digest", "Waste": what this message is. */
  title: string;
}

const totalOf = (rows: readonly FindingRow[]) => rows.reduce((sum, r) => sum + (r.monthlyCents ?? 0), 0);

/** Every finding as CSV, most expensive first. */
export function wasteCsv(rows: readonly FindingRow[]) {
  return csvAttachment(
    'waste',
    'Waste findings',
    [
      'monthly_usd',
      'finding',
      'kind',
      'id',
      'name',
      'project',
      'tenant',
      'region',
      'since',
      'last_seen',
      'reason',
      'console_url',
    ],
    rows.map((r) => [
      r.monthlyCents === null ? null : formatCents(r.monthlyCents),
      r.title,
      r.kind,
      r.providerId,
      r.name,
      r.project,
      r.tenant,
      r.region,
      r.since.toISOString(),
      r.lastSeenAt.toISOString(),
      r.reason,
      r.consoleUrl,
    ]),
  );
}

/**
 * Waste, most expensive first, leading with what it costs a month. The top findings carry their
 * buttons; the rest are in `thread` (a list for the message's thread) and in the CSV.
 */
export function wasteMessage(view: WasteView): SlackMessage & { thread?: SlackMessage } {
  const total = totalOf(view.findings);
  const quietNote = view.quiet ? ` ${plural(view.quiet, 'acknowledged or snoozed finding')} left out.` : '';
  if (view.findings.length === 0) {
    return {
      text: fallbackText(`${view.title}: no waste found`),
      blocks: [
        header(`${view.title}: no waste found`),
        context(`Every waste rule ran on the last complete sync of its kinds.${quietNote}`),
      ],
    };
  }
  const shown = view.findings.slice(0, FINDINGS_WITH_BUTTONS);
  const rest = view.findings.slice(FINDINGS_WITH_BUTTONS);
  const blocks = [
    header(`${formatUsd(total)}/mo of waste: ${view.title}`),
    section(`${plural(view.findings.length, 'finding')}, most expensive first.${quietNote}`),
    ...shown.flatMap((row) => [divider(), ...findingBlocks(row, view.now)]),
  ];
  if (rest.length === 0)
    return {
      text: fallbackText(
        `${view.title}: ${formatUsd(total)}/mo of waste in ${plural(view.findings.length, 'finding')}`,
      ),
      blocks,
    };

  blocks.push(
    context(`…and ${plural(rest.length, 'more finding')} (${perMonth(totalOf(rest))}) in the thread and the CSV.`),
  );
  const list = listSections(
    rest.map(
      (r) =>
        `• *${perMonth(r.monthlyCents)}* ${escapeMrkdwn(r.title)}: <${r.consoleUrl}|${escapeMrkdwn(r.name || r.providerId)}> ${escapeMrkdwn(r.region ?? '')}`,
    ),
    { maxRows: 40 },
  );
  const thread: SlackMessage = {
    text: fallbackText(`${plural(rest.length, 'more finding')}: ${perMonth(totalOf(rest))}`),
    blocks: [
      ...list.blocks,
      ...(list.omitted ? [context(`…and ${plural(list.omitted, 'more')}: every finding is in the CSV.`)] : []),
    ],
    csv: wasteCsv(view.findings),
  };
  // The CSV goes with the thread, once; a reply that cannot have a thread takes it instead (commands/waste.ts).
  return {
    text: fallbackText(`${view.title}: ${formatUsd(total)}/mo of waste in ${plural(view.findings.length, 'finding')}`),
    blocks,
    thread,
  };
}
