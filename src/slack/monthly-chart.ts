import { renderBarCharts, type BarPanel } from '../charts/bar-chart.js';
import { tenantChartPanel, type TenantChartInput } from '../billing/tenant-chart.js';
import type { InvoiceReport } from '../invoice/index.js';
import type { ImageAttachment } from './blocks/message.js';
import { byProduct } from './blocks/monthly-summary.js';

export type ChartReport = Pick<InvoiceReport, 'invoice' | 'totalsByProject'> & {
  items: Pick<InvoiceReport['items'][number], 'product' | 'amount'>[];
};

/** One panel comparing two periods over the union of their labels, ordered by this month's spend, then last month's. */
function comparePanel(
  title: string,
  current: { label: string; cents: number }[],
  previous: { label: string; cents: number }[] | null,
  periods: [string, string | null],
): BarPanel {
  const now = new Map(current.map((r) => [r.label, r.cents]));
  const before = new Map((previous ?? []).map((r) => [r.label, r.cents]));
  const labels = [...new Set([...now.keys(), ...before.keys()])].sort(
    (a, b) =>
      (now.get(b) ?? 0) - (now.get(a) ?? 0) || (before.get(b) ?? 0) - (before.get(a) ?? 0) || a.localeCompare(b),
  );
  return {
    title,
    labels,
    horizontal: true,
    series: [
      ...(previous && periods[1] ? [{ label: periods[1], cents: labels.map((l) => before.get(l) ?? 0) }] : []),
      { label: periods[0], cents: labels.map((l) => now.get(l) ?? 0) },
    ],
  };
}

/**
 * The monthly summary's chart: spend by DO product and by project, this month beside last, and cost
 * per tenant when tenants are defined; one PNG, ready to upload next to the message.
 */
export function monthlyChart(
  current: ChartReport,
  previous: ChartReport | null,
  tenants: TenantChartInput | null,
): ImageAttachment {
  const period = current.invoice.period;
  const before = previous?.invoice.period ?? null;
  const vs = before ? ` vs ${before}` : '';
  const projects = (r: ChartReport) => r.totalsByProject.map((p) => ({ label: p.project, cents: p.cents }));
  const panels: BarPanel[] = [
    comparePanel(
      `Spend by product, ${period}${vs} (USD)`,
      byProduct(current.items),
      previous ? byProduct(previous.items) : null,
      [period, before],
    ),
    comparePanel(`Spend by project, ${period}${vs} (USD)`, projects(current), previous ? projects(previous) : null, [
      period,
      before,
    ]),
    ...(tenants?.tenants.length ? [tenantChartPanel(tenants)] : []),
  ];
  return {
    filename: `spend-${period}.png`,
    title: `Spend ${period}${vs}`,
    altText: `Bar charts of spend in ${period}${before ? ` beside ${before}` : ''}: by product, by project${panels.length > 2 ? ' and per tenant' : ''}`,
    pngBase64: renderBarCharts(panels).toString('base64'),
  };
}
