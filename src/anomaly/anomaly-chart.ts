import { renderBarCharts, MAX_BARS, type BarPanel } from '../charts/bar-chart.js';
import { addDays, daysBetween, shortDay } from './days.js';
import type { SpendSeries } from './detect.js';

/**
 * One owner's daily spend (a tenant's, or the account's unattributed) over the days up to the
 * anomaly's, every SKU added up, the anomaly day in its own colour: whether it stands out says
 * more than any number beside it.
 */
export function anomalyChartPanel(input: {
  account: string;
  tenant: string | null;
  day: string;
  series: readonly SpendSeries[];
}): BarPanel {
  const days = daysBetween(addDays(input.day, -(MAX_BARS - 1)), input.day);
  const mine = input.series.filter((s) => s.account === input.account && s.tenant === input.tenant);
  const total = days.map((d) => mine.reduce((sum, s) => sum + (s.cents.get(d) ?? 0), 0));
  return {
    title: `Daily spend, ${input.tenant ?? 'the account (no tenant)'} (USD)`,
    labels: days.map(shortDay),
    stacked: true,
    series: [
      { label: 'usual days', cents: total.map((c, i) => (days[i] === input.day ? null : c)) },
      { label: `${shortDay(input.day)}: the anomaly`, cents: total.map((c, i) => (days[i] === input.day ? c : null)) },
    ],
  };
}

export function renderAnomalyChart(input: Parameters<typeof anomalyChartPanel>[0]): Buffer {
  return renderBarCharts([anomalyChartPanel(input)]);
}
