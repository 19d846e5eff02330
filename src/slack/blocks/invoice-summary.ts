import type { SlackMessage } from './message.js';
import { context, csvAttachment, divider, fields, header, listSections, omittedNote, section } from './limits.js';
import { escapeMrkdwn, formatPercent, plural } from './mrkdwn.js';
import { formatUsd } from '../../invoice/money.js';
import type { InvoiceReport, InvoiceReportItem, UnmatchedReason } from '../../invoice/index.js';

/** The parts of an invoice report the summary shows. */
export type InvoiceSummaryInput = Pick<
  InvoiceReport,
  'invoice' | 'lines' | 'matched' | 'matchedStale' | 'matchRate' | 'matchRateByAmount' | 'totalCents' | 'matchedCents' | 'totalsByKind' | 'totalsByProject' | 'unmatchedByReason' | 'totalsCheck'
> & { items: Pick<InvoiceReportItem, 'line' | 'product' | 'description' | 'amount' | 'reason' | 'detail'>[] };

const TOP = 10;

function totalsField(title: string, rows: { label: string; cents: number }[]): string {
  const shown = rows.slice(0, TOP).map((r) => `${escapeMrkdwn(r.label)}: ${formatUsd(r.cents)}`);
  if (rows.length > TOP) shown.push(`_…${rows.length - TOP} more_`);
  return `*${title}*\n${shown.join('\n') || '_none_'}`;
}

const REASON_LABEL: Record<UnmatchedReason, string> = {
  tax: 'Tax',
  resource_never_seen: 'No resource ever seen by that name or id',
  no_inventory_surface: 'Not in the inventory (account-level or untracked product)',
  ambiguous: 'Several resources could be meant',
};

/** The match summary: in an upload's thread, for `/cloud invoice`, and monthly in the finance channel. */
export function invoiceSummaryMessage(report: InvoiceSummaryInput, options: { title?: string } = {}): SlackMessage {
  const title = options.title ?? `Invoice ${report.invoice.period}`;
  const unmatchedItems = report.items.filter((i) => i.reason !== null);
  const lines = report.unmatchedByReason.flatMap((group) => [
    `*${escapeMrkdwn(REASON_LABEL[group.reason])}* (${plural(group.lines, 'line')}, ${formatUsd(group.cents)})`,
    ...unmatchedItems
      .filter((i) => i.reason === group.reason)
      .map((i) => `    line ${i.line}: ${escapeMrkdwn(i.product)} · ${escapeMrkdwn(i.description || '(no description)')} · ${formatUsd(i.amount)}`),
  ]);
  const list = listSections(lines, { maxRows: 30 });
  const check = report.totalsCheck.ok === false ? [section(`:warning: ${escapeMrkdwn(report.totalsCheck.message)}`)] : [];

  return {
    text: `${title}: ${formatPercent(report.matchRate)} of lines matched (${report.matched}/${report.lines}), ${formatPercent(report.matchRateByAmount)} of ${formatUsd(report.totalCents)} by amount`,
    blocks: [
      header(title),
      fields([
        `*Matched lines*\n${report.matched} of ${report.lines} (${formatPercent(report.matchRate)})${report.matchedStale ? `\n${report.matchedStale} to resources now gone` : ''}`,
        `*Matched amount*\n${formatUsd(report.matchedCents)} of ${formatUsd(report.totalCents)} (${formatPercent(report.matchRateByAmount)})`,
        totalsField('By kind', report.totalsByKind.map((k) => ({ label: k.kind, cents: k.cents }))),
        totalsField('By project', report.totalsByProject.map((p) => ({ label: p.project, cents: p.cents }))),
      ]),
      ...check,
      divider(),
      ...(unmatchedItems.length ? [section(`*Unmatched: ${plural(unmatchedItems.length, 'line')}*`), ...list.blocks] : [section(':white_check_mark: Every line matched.')]),
      ...(list.omitted ? [omittedNote(list.omitted, 'row')] : []),
      context(`Invoice \`${escapeMrkdwn(report.invoice.id)}\``),
    ],
    ...(list.omitted
      ? {
          csv: csvAttachment(
            `unmatched-${report.invoice.period}`,
            `Unmatched invoice lines ${report.invoice.period}`,
            ['line', 'reason', 'product', 'description', 'amount_usd', 'detail'],
            unmatchedItems.map((i) => [i.line, i.reason, i.product, i.description, (i.amount / 100).toFixed(2), i.detail]),
          ),
        }
      : {}),
  };
}
