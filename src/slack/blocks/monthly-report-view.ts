import type { types } from '@slack/bolt';
import { context, divider, header, listSections, section } from './limits.js';
import { escapeMrkdwn, formatPercent, plural } from './mrkdwn.js';
import { byProduct, type MonthlySummaryInput } from './monthly-summary.js';
import { formatUsd } from '../../invoice/money.js';
import { unmatchedOutlook, type UnmatchedGroup } from '../../invoice/index.js';

/** Slack's modal limits: 100 blocks, a title and close label of 24 characters. */
export const MODAL_LIMITS = { blocks: 100, title: 24 } as const;

export type MonthlyReportInput = MonthlySummaryInput;

/** Sections per list: three lists and their headings stay far below the modal's 100 blocks. */
const LIST_BLOCKS = 25;
const LIST_ROWS = 500;

function share(cents: number, total: number): string {
  return total ? ` (${formatPercent(cents / total)})` : '';
}

function causeLines(group: UnmatchedGroup): string[] {
  return group.causes.map((c) => `• ${escapeMrkdwn(c.words)}: *${formatUsd(c.cents)}* in ${plural(c.lines, 'line')}`);
}

/**
 * The monthly summary's **Full report**: every product and project with its share of the month,
 * and the unmatched lines by reason (what needs attention first, then what is expected). Opened
 * with views.open from the summary's button; stays within a modal's 100 blocks by packing rows
 * into sections.
 */
export function monthlyReportView(report: MonthlyReportInput): types.ModalView {
  const period = report.invoice.period;
  const total = report.totalCents;
  const list = (rows: string[], more: string) => {
    const packed = listSections(rows, { maxRows: LIST_ROWS, maxBlocks: LIST_BLOCKS });
    return [
      ...packed.blocks,
      ...(packed.omitted
        ? [context(`…and ${plural(packed.omitted, more)} more: \`arcadia invoice report ${period}\` lists them all.`)]
        : []),
    ];
  };
  const products = byProduct(report.items).map(
    (p) => `${escapeMrkdwn(p.label)}: *${formatUsd(p.cents)}*${share(p.cents, total)}`,
  );
  const projects = report.totalsByProject.map(
    (p) => `${escapeMrkdwn(p.project)}: *${formatUsd(p.cents)}*${share(p.cents, total)} in ${plural(p.lines, 'line')}`,
  );
  const unmatched = report.items
    .filter((i) => i.reason !== null)
    .map((i) => ({ reason: i.reason!, product: i.product, description: i.description, amount: i.amount }));
  const outlook = unmatchedOutlook(unmatched);
  const blocks = [
    header(`${period}: ${formatUsd(total)} spent`),
    context(
      `${report.matched} of ${plural(report.lines, 'line')} (${formatUsd(report.matchedCents)}) matched a resource.`,
    ),
    divider(),
    section('*By product*'),
    ...list(products, 'product'),
    divider(),
    section('*By project*'),
    ...list(projects, 'project'),
    divider(),
    section(
      outlook.attention.lines
        ? `*Unmatched, needs attention: ${formatUsd(outlook.attention.cents)}* in ${plural(outlook.attention.lines, 'line')}`
        : '*Unmatched, needs attention:* nothing',
    ),
    ...list(causeLines(outlook.attention), 'reason'),
    section(`*Unmatched, expected: ${formatUsd(outlook.expected.cents)}* in ${plural(outlook.expected.lines, 'line')}`),
    ...list(causeLines(outlook.expected), 'reason'),
    context(`\`/cloud invoice ${period}\` lists the lines; the matched lines are in the CSV under the summary.`),
  ];
  return {
    type: 'modal',
    title: { type: 'plain_text', text: `Spend ${period}`.slice(0, MODAL_LIMITS.title) },
    close: { type: 'plain_text', text: 'Close' },
    blocks: blocks.slice(0, MODAL_LIMITS.blocks),
  };
}
