import { createCanvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, type ChartItem } from 'chart.js';
import { formatUsd } from '../invoice/money.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title);

const MAX_TENANTS = 15;

export interface TenantChartInput {
  period: string;
  previousPeriod: string | null;
  tenants: { tenant: string; total: number; previousTotal: number | null }[];
}

/**
 * Cost per tenant, this month beside last month, as a PNG: drawn server-side by Chart.js on a Skia
 * canvas (@napi-rs/canvas ships its binary in the npm package). The largest tenants only, so bars
 * stay readable; the message lists every tenant.
 */
export function renderTenantChart(input: TenantChartInput): Buffer {
  const tenants = input.tenants.slice(0, MAX_TENANTS);
  const canvas = createCanvas(900, 420);
  const ctx = canvas.getContext('2d');
  const dollars = (cents: number | null) => (cents ?? 0) / 100;
  const datasets = [
    ...(input.previousPeriod ? [{ label: input.previousPeriod, data: tenants.map((t) => dollars(t.previousTotal)), backgroundColor: '#b8c4d6' }] : []),
    { label: input.period, data: tenants.map((t) => dollars(t.total)), backgroundColor: '#2a6fdb' },
  ];
  // White behind the chart: Slack's dark theme would otherwise show the labels on black.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const chart = new Chart(ctx as unknown as ChartItem, {
    type: 'bar',
    data: { labels: tenants.map((t) => t.tenant), datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      plugins: {
        title: { display: true, text: `Cost per tenant, ${input.period}${input.previousPeriod ? ` vs ${input.previousPeriod}` : ''} (USD)`, font: { size: 16 } },
        legend: { position: 'bottom' },
      },
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => formatUsd(Math.round(Number(v) * 100)) } } },
    },
  });
  const png = canvas.toBuffer('image/png');
  chart.destroy();
  return png;
}
