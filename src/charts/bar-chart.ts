import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, type ChartItem } from 'chart.js';
import { formatUsd } from '../invoice/money.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title);

/** Bars per panel at most: more would be unreadable; the message beside the chart lists everything. */
export const MAX_BARS = 15;

/** One bar chart of amounts in cents: a bar group per label, one series per period. */
export interface BarPanel {
  title: string;
  labels: string[];
  /** Oldest first: the earlier period drawn pale, beside the current one. */
  series: { label: string; cents: (number | null)[] }[];
  /** Horizontal bars, for long labels (DO product and project names). */
  horizontal?: boolean;
  /** The series stacked in one bar per label: a day's spend, one day of it marked in its own colour. */
  stacked?: boolean;
}

const WIDTH = 900;
const COLOURS = ['#b8c4d6', '#2a6fdb'];

/**
 * White behind the chart: Slack's dark theme would otherwise show the labels on black. Painted
 * in the chart's own drawing, since Chart.js clears the canvas before it draws.
 */
const WHITE_BACKGROUND = {
  id: 'white-background',
  beforeDraw(chart: Chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** A panel drawn on its own canvas; `done` frees the chart, which also clears the canvas, so only after it is copied. */
function drawPanel(panel: BarPanel, height: number): { canvas: Canvas; done(): void } {
  const canvas = createCanvas(WIDTH, height);
  const ctx = canvas.getContext('2d');
  const money = {
    beginAtZero: true,
    ticks: { callback: (v: string | number) => formatUsd(Math.round(Number(v) * 100)) },
  };
  const chart = new Chart(ctx as unknown as ChartItem, {
    type: 'bar',
    data: {
      labels: panel.labels.slice(0, MAX_BARS),
      datasets: panel.series.map((s, i) => ({
        label: s.label,
        data: s.cents.slice(0, MAX_BARS).map((c) => (c ?? 0) / 100),
        backgroundColor: COLOURS[i + COLOURS.length - panel.series.length] ?? COLOURS[1],
      })),
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      indexAxis: panel.horizontal ? 'y' : 'x',
      plugins: { title: { display: true, text: panel.title, font: { size: 16 } }, legend: { position: 'bottom' } },
      scales: panel.horizontal
        ? { x: { ...money, stacked: panel.stacked ?? false }, y: { stacked: panel.stacked ?? false } }
        : { y: { ...money, stacked: panel.stacked ?? false }, x: { stacked: panel.stacked ?? false } },
    },
    plugins: [WHITE_BACKGROUND],
  });
  return { canvas, done: () => chart.destroy() };
}

/**
 * Bar charts of money as one PNG, panels stacked top to bottom: drawn server-side by Chart.js on a
 * Skia canvas (@napi-rs/canvas ships its binary in the npm package), so a chart is a file Slack can
 * show. Every chart Arcadia draws comes through here.
 */
export function renderBarCharts(panels: readonly BarPanel[], options: { panelHeight?: number } = {}): Buffer {
  if (!panels.length) throw new Error('renderBarCharts needs at least one panel');
  const drawn = panels.map((p) =>
    drawPanel(
      p,
      options.panelHeight ?? (p.horizontal ? Math.max(260, 110 + 34 * Math.min(p.labels.length, MAX_BARS)) : 420),
    ),
  );
  try {
    if (drawn.length === 1) return drawn[0]!.canvas.toBuffer('image/png');
    const sheet = createCanvas(
      WIDTH,
      drawn.reduce((h, d) => h + d.canvas.height, 0),
    );
    const ctx = sheet.getContext('2d');
    let y = 0;
    for (const { canvas } of drawn) {
      ctx.drawImage(canvas, 0, y);
      y += canvas.height;
    }
    return sheet.toBuffer('image/png');
  } finally {
    for (const d of drawn) d.done();
  }
}
