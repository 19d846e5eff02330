import { renderBarCharts } from '../charts/bar-chart.js';

export interface TenantChartInput {
  period: string;
  previousPeriod: string | null;
  tenants: { tenant: string; total: number; previousTotal: number | null }[];
}

/** The cost-per-tenant panel: this month beside last month, the largest tenants first. */
export function tenantChartPanel(input: TenantChartInput) {
  return {
    title: `Cost per tenant, ${input.period}${input.previousPeriod ? ` vs ${input.previousPeriod}` : ''} (USD)`,
    labels: input.tenants.map((t) => t.tenant),
    series: [
      ...(input.previousPeriod
        ? [{ label: input.previousPeriod, cents: input.tenants.map((t) => t.previousTotal) }]
        : []),
      { label: input.period, cents: input.tenants.map((t) => t.total) },
    ],
  };
}

/** Cost per tenant, this month beside last month, as a 900×420 PNG. */
export function renderTenantChart(input: TenantChartInput): Buffer {
  return renderBarCharts([tenantChartPanel(input)]);
}
