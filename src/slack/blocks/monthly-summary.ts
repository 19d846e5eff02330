import { fallbackText, type SlackMessage } from './message.js';
import { context, csvAttachment, divider, fields, header, listSections, section } from './limits.js';
import { escapeMrkdwn, formatPercent, plural } from './mrkdwn.js';
import { formatCents, formatUsd } from '../../invoice/money.js';
import type { MonthForecastSummary } from '../../forecast/forecast-accuracy.js';
import type { InvoiceReport, InvoiceReportItem, UnmatchedReason } from '../../invoice/index.js';
import type { BillingReport } from '../../billing/billing-report.js';
import { tenantSectionBlocks } from './tenant-billing.js';
import { ACTION_IDS } from './action-ids.js';

/** The tenant section of the summary, when tenants are defined. */
export interface MonthlyTenantSection {
  report: BillingReport;
  growthAlertPct: number;
}

export type MonthlySummaryInput = Pick<
  InvoiceReport,
  'invoice' | 'lines' | 'matched' | 'totalCents' | 'matchedCents' | 'totalsByProject' | 'totalsCheck'
> & {
  items: Pick<InvoiceReportItem, 'line' | 'product' | 'description' | 'amount' | 'reason' | 'match' | 'project'>[];
};

/** Unmatched lines nobody needs to chase: tax, and account-level charges with no resource behind them (Spaces subscription, support). */
const EXPECTED: readonly UnmatchedReason[] = ['tax', 'no_inventory_surface'];
const TOP = 8;

const signed = (cents: number) => `${cents < 0 ? '-' : '+'}${formatUsd(Math.abs(cents))}`;

/** Spend per DO product, largest first. */
export function byProduct(
  items: readonly Pick<InvoiceReportItem, 'product' | 'amount'>[],
): { label: string; cents: number }[] {
  const totals = new Map<string, number>();
  for (const i of items)
    totals.set(i.product || '(no product)', (totals.get(i.product || '(no product)') ?? 0) + i.amount);
  return [...totals]
    .map(([label, cents]) => ({ label, cents }))
    .sort((a, b) => b.cents - a.cents || a.label.localeCompare(b.label));
}

function totalsField(title: string, rows: { label: string; cents: number }[]): string {
  const shown = rows.slice(0, TOP).map((r) => `${escapeMrkdwn(r.label)}: ${formatUsd(r.cents)}`);
  if (rows.length > TOP) shown.push(`_…${rows.length - TOP} more_`);
  return `*${title}*\n${shown.join('\n') || '_none_'}`;
}

/** The month's forecast (the one nearest mid-month) beside the invoice, and how far the daily ones were on average. */
function forecastBeside(f: MonthForecastSummary, period: string): string {
  const off = f.absErrorPct === null ? '' : `: ${f.absErrorPct.toFixed(1)}% off`;
  const mean =
    f.meanAbsErrorPct === null
      ? ''
      : ` The ${plural(f.days, 'daily forecast')} of the month were ${f.meanAbsErrorPct.toFixed(1)}% off on average (\`arcadia forecast accuracy ${period}\`).`;
  return `:crystal_ball: *Forecast on ${f.day}: ${formatUsd(f.totalCents)}* against ${formatUsd(f.actualCents)} invoiced${off}.${mean}`;
}

/**
 * The monthly summary in the finance channel: what was spent and how that changed first, spend by DO
 * product and by project, then unmatched lines split into what is expected (tax, account-level
 * charges) and what needs attention; then who owes what, when tenants are defined. The matched lines
 * come as a CSV; the whole breakdown is one click away (**Full report**).
 */
export function monthlySummaryMessage(
  report: MonthlySummaryInput,
  previous: { period: string; totalCents: number } | null,
  tenants: MonthlyTenantSection | null = null,
  forecast: MonthForecastSummary | null = null,
): SlackMessage {
  const period = report.invoice.period;
  const change = previous ? report.totalCents - previous.totalCents : null;
  let changeText = 'No earlier invoice to compare with.';
  if (previous && change !== null) {
    const pct = previous.totalCents
      ? ` (${change < 0 ? '-' : '+'}${formatPercent(Math.abs(change) / previous.totalCents)})`
      : '';
    changeText =
      change === 0
        ? `Same as ${previous.period}.`
        : `${signed(change)}${pct} from ${previous.period} (${formatUsd(previous.totalCents)}).`;
  }
  const unmatched = report.items.filter((i) => i.reason !== null);
  const expected = unmatched.filter((i) => EXPECTED.includes(i.reason!));
  const attention = unmatched.filter((i) => !EXPECTED.includes(i.reason!));
  const sum = (rows: { amount: number }[]) => rows.reduce((s, r) => s + r.amount, 0);
  const line = (i: MonthlySummaryInput['items'][number]) =>
    `• ${formatUsd(i.amount)} ${escapeMrkdwn(i.product)}: ${escapeMrkdwn(i.description || '(no description)')}`;
  const attentionList = listSections(attention.map(line), { maxRows: 15 });
  const matched = report.items.filter((i) => i.match);
  const check =
    report.totalsCheck.ok === false ? [section(`:warning: ${escapeMrkdwn(report.totalsCheck.message)}`)] : [];

  return {
    text: fallbackText(`${period}: ${formatUsd(report.totalCents)} spent. ${changeText}`),
    blocks: [
      header(`${period}: ${formatUsd(report.totalCents)} spent`),
      section(
        `${change !== null && change > 0 ? ':chart_with_upwards_trend: ' : change !== null && change < 0 ? ':chart_with_downwards_trend: ' : ''}${changeText}`,
      ),
      ...(forecast ? [section(forecastBeside(forecast, period))] : []),
      fields([
        totalsField('By product', byProduct(report.items)),
        totalsField(
          'By project',
          report.totalsByProject.map((p) => ({ label: p.project, cents: p.cents })),
        ),
      ]),
      ...check,
      divider(),
      section(
        attention.length
          ? `:warning: *Needs attention: ${formatUsd(sum(attention))}* in ${plural(attention.length, 'line')} matching no resource Arcadia knows`
          : ':white_check_mark: *Nothing needs attention*: every resource charge matched a resource.',
      ),
      ...attentionList.blocks,
      ...(attentionList.omitted
        ? [context(`…and ${plural(attentionList.omitted, 'more line')}: \`/cloud invoice ${period}\` lists them all.`)]
        : []),
      context(
        `Expected, with no resource behind them: ${formatUsd(sum(expected))} in ${plural(expected.length, 'line')} (tax, account-level charges). ${report.matched} of ${plural(report.lines, 'line')} (${formatUsd(report.matchedCents)}) matched a resource: see the CSV.`,
      ),
      {
        type: 'actions',
        block_id: `${ACTION_IDS.monthlyFullReport}_${period}`,
        elements: [
          {
            type: 'button',
            action_id: ACTION_IDS.monthlyFullReport,
            text: { type: 'plain_text', text: 'Full report' },
            value: period,
          },
        ],
      },
      ...(tenants && tenants.report.tenants.length
        ? [
            divider(),
            header(`Tenants: ${tenants.report.period}`),
            ...tenantSectionBlocks(tenants.report, { growthAlertPct: tenants.growthAlertPct, totalSaidAbove: true }),
          ]
        : []),
    ],
    csv: csvAttachment(
      `matched-${period}`,
      `Matched invoice lines ${period}`,
      ['line', 'product', 'description', 'amount_usd', 'kind', 'resource_id', 'resource_name', 'project'],
      matched.map((i) => [
        i.line,
        i.product,
        i.description,
        formatCents(i.amount),
        i.match!.kind,
        i.match!.providerId,
        i.match!.name,
        i.project,
      ]),
    ),
  };
}
