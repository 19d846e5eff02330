import type { CommandFile } from '../../outbox/message.js';
import { fallbackText, type CsvAttachment, type SlackMessage } from './message.js';
import { context, csvAttachment, divider, fields, header, listSections, omittedNote, section } from './limits.js';
import { escapeMrkdwn, formatPercent, plural } from './mrkdwn.js';
import { formatCents, formatUsd } from '../../invoice/money.js';
import {
  invoiceLabel,
  REASON_WORDS,
  unmatchedCause,
  unmatchedOutlook,
  type InvoiceReport,
  type InvoiceReportItem,
} from '../../invoice/index.js';

/** The parts of an invoice report the summary shows. */
export type InvoiceSummaryInput = Pick<
  InvoiceReport,
  | 'invoice'
  | 'lines'
  | 'matched'
  | 'matchedStale'
  | 'matchRate'
  | 'matchRateByAmount'
  | 'totalCents'
  | 'matchedCents'
  | 'totalsByKind'
  | 'totalsByProject'
  | 'unmatchedByReason'
  | 'totalsCheck'
> & { items: Pick<InvoiceReportItem, 'line' | 'product' | 'description' | 'amount' | 'reason' | 'detail'>[] };

const TOP = 10;

function totalsField(title: string, rows: { label: string; cents: number }[]): string {
  const shown = rows.slice(0, TOP).map((r) => `${escapeMrkdwn(r.label)}: ${formatUsd(r.cents)}`);
  if (rows.length > TOP) shown.push(`_…${rows.length - TOP} more_`);
  return `*${title}*\n${shown.join('\n') || '_none_'}`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type UnmatchedItem = InvoiceSummaryInput['items'][number] & {
  reason: NonNullable<InvoiceReportItem['reason']>;
  cause: ReturnType<typeof unmatchedCause>;
};

function unmatchedItemsOf(report: Pick<InvoiceSummaryInput, 'items'>): UnmatchedItem[] {
  return report.items
    .filter((i) => i.reason !== null)
    .map((i) => ({ ...i, reason: i.reason!, cause: unmatchedCause({ ...i, reason: i.reason! }) }));
}

/** Every unmatched line of a report as CSV. */
export function unmatchedCsv(report: Pick<InvoiceSummaryInput, 'items' | 'invoice'>): CsvAttachment {
  return csvAttachment(
    `unmatched-${report.invoice.period}`,
    `Unmatched invoice lines ${report.invoice.period}`,
    ['line', 'reason', 'product', 'description', 'amount_usd', 'detail'],
    unmatchedItemsOf(report).map((i) => [
      i.line,
      REASON_WORDS[i.cause],
      i.product,
      i.description,
      formatCents(i.amount),
      i.detail,
    ]),
  );
}

/**
 * The match summary: in an upload's thread and monthly in the finance channel, with a cut list's
 * CSV attached; for `/cloud invoice` (`toAsker`), the CSV goes to the asker alone as a file.
 */
export function invoiceSummaryMessage(
  report: InvoiceSummaryInput,
  options: { title?: string; toAsker?: boolean } = {},
): SlackMessage & { file?: CommandFile } {
  const title = options.title ?? `Invoice ${report.invoice.period}`;
  const unmatchedItems = unmatchedItemsOf(report);
  const { expected, attention } = unmatchedOutlook(unmatchedItems);
  // Those needing attention first: they are why anyone reads this far.
  const groups = [...attention.causes, ...expected.causes];
  const lines = groups.flatMap((group) => [
    `*${escapeMrkdwn(capitalized(group.words))}* (${plural(group.lines, 'line')}, ${formatUsd(group.cents)})`,
    ...unmatchedItems
      .filter((i) => i.cause === group.cause)
      .map(
        (i) =>
          `    line ${i.line}: ${escapeMrkdwn(i.product)} · ${escapeMrkdwn(i.description || '(no description)')} · ${formatUsd(i.amount)}`,
      ),
  ]);
  const list = listSections(lines, { maxRows: 30 });
  const check =
    report.totalsCheck.ok === false ? [section(`:warning: ${escapeMrkdwn(report.totalsCheck.message)}`)] : [];
  const outlook = [
    attention.lines
      ? `:warning: *Needs attention: ${plural(attention.lines, 'line')}, ${formatUsd(attention.cents)}* (${attention.causes.map((c) => escapeMrkdwn(c.words)).join(', ')}): ` +
        `after \`/cloud sync all\`, an admin can try ${attention.lines === 1 ? 'it' : 'them'} again with \`arcadia invoice rematch ${report.invoice.period}\`.`
      : ':white_check_mark: *Needs attention: nothing.*',
    ...(expected.lines
      ? [
          `Unmatched as expected: ${plural(expected.lines, 'line')}, ${formatUsd(expected.cents)} (${expected.causes.map((c) => escapeMrkdwn(c.words)).join(', ')}).`,
        ]
      : []),
  ];

  return {
    text: fallbackText(
      `${formatUsd(report.totalCents)} invoiced, ${title}: ${plural(report.matched, 'line')} of ${report.lines} matched (${formatPercent(report.matchRateByAmount)} of the amount); ` +
        (attention.lines
          ? `${plural(attention.lines, 'line needs', 'lines need')} attention`
          : 'nothing needs attention'),
    ),
    blocks: [
      // The total first: what the month cost is what people look for.
      header(`${formatUsd(report.totalCents)} invoiced: ${title}`),
      fields([
        `*Matched lines*\n${report.matched} of ${report.lines} (${formatPercent(report.matchRate)})${report.matchedStale ? `\n${report.matchedStale} to resources now gone` : ''}`,
        `*Matched amount*\n${formatUsd(report.matchedCents)} of ${formatUsd(report.totalCents)} (${formatPercent(report.matchRateByAmount)})`,
        totalsField(
          'By kind',
          report.totalsByKind.map((k) => ({ label: k.kind, cents: k.cents })),
        ),
        totalsField(
          'By project',
          report.totalsByProject.map((p) => ({ label: p.project, cents: p.cents })),
        ),
      ]),
      ...check,
      section(outlook.join('\n')),
      divider(),
      ...(unmatchedItems.length
        ? [section(`*Unmatched: ${plural(unmatchedItems.length, 'line')}*`), ...list.blocks]
        : [section(':white_check_mark: Every line matched.')]),
      ...(list.omitted ? [omittedNote(list.omitted, 'row', options.toAsker ? 'direct-message' : 'attached')] : []),
      context(escapeMrkdwn(invoiceLabel(report.invoice))),
    ],
    ...(list.omitted
      ? options.toAsker
        ? { file: { of: 'unmatched', period: report.invoice.period } }
        : { csv: unmatchedCsv(report) }
      : {}),
  };
}
