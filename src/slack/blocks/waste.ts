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
  /** Findings under this many cents a month are grouped per rule, no buttons (ARCADIA_WASTE_SMALL_CENTS); 0 groups none. */
  smallCents: number;
}

/** The findings too small for buttons of their own, one line per rule: how many and what they cost together. */
function smallGroups(rows: readonly FindingRow[]): { title: string; count: number; cents: number }[] {
  const groups = new Map<string, { title: string; count: number; cents: number }>();
  for (const r of rows) {
    const g = groups.get(r.title) ?? { title: r.title, count: 0, cents: 0 };
    g.count += 1;
    g.cents += r.monthlyCents ?? 0;
    groups.set(r.title, g);
  }
  return [...groups.values()].sort((a, b) => b.cents - a.cents || b.count - a.count);
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
  // Cent-sized findings are grouped: buttons are for the ones worth a decision.
  const isSmall = (r: FindingRow) => r.monthlyCents !== null && r.monthlyCents < view.smallCents;
  const small = view.findings.filter(isSmall);
  const large = view.findings.filter((r) => !isSmall(r));
  const shown = large.slice(0, FINDINGS_WITH_BUTTONS);
  const rest = large.slice(FINDINGS_WITH_BUTTONS);
  const groups = smallGroups(small);
  const blocks = [
    header(`${formatUsd(total)}/mo of waste: ${view.title}`),
    section(`${plural(view.findings.length, 'finding')}, most expensive first.${quietNote}`),
    ...shown.flatMap((row) => [divider(), ...findingBlocks(row, view.now)]),
  ];
  if (groups.length) {
    blocks.push(divider());
    blocks.push(
      ...listSections(
        [
          `*${plural(small.length, 'small finding')} under ${perMonth(view.smallCents)}, ${perMonth(totalOf(small))} in all* (each in the CSV):`,
          ...groups.map((g) => `• ${escapeMrkdwn(g.title)}: ${plural(g.count, 'finding')}, ${perMonth(g.cents)}`),
        ],
        { maxRows: 12, maxBlocks: 2 },
      ).blocks,
    );
  }
  if (rest.length === 0 && small.length === 0)
    return {
      text: fallbackText(
        `${view.title}: ${formatUsd(total)}/mo of waste in ${plural(view.findings.length, 'finding')}`,
      ),
      blocks,
    };

  if (rest.length)
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
    text: fallbackText(
      rest.length
        ? `${plural(rest.length, 'more finding')}: ${perMonth(totalOf(rest))}`
        : `Every finding, the ${plural(small.length, 'small one')} included, is in the CSV`,
    ),
    blocks: rest.length
      ? [
          ...list.blocks,
          ...(list.omitted ? [context(`…and ${plural(list.omitted, 'more')}: every finding is in the CSV.`)] : []),
        ]
      : [context(`Every finding, the ${plural(small.length, 'small one')} included, is in the CSV.`)],
    csv: wasteCsv(view.findings),
  };
  // The CSV goes with the thread, once; a reply that cannot have a thread takes it instead (commands/waste.ts).
  return {
    text: fallbackText(`${view.title}: ${formatUsd(total)}/mo of waste in ${plural(view.findings.length, 'finding')}`),
    blocks,
    thread,
  };
}
