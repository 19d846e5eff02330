import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { MAX_BARS, renderBarCharts, type BarPanel } from '../../src/charts/bar-chart.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk. */
function size(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const PALE = '184,196,214'; // #b8c4d6
const CURRENT = '42,111,219'; // #2a6fdb

/** The colours of the image's opaque pixels, as "r,g,b". */
async function colours(png: Buffer): Promise<Set<string>> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const seen = new Set<string>();
  for (let i = 0; i < data.length; i += 4)
    if (data[i + 3] === 255) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  return seen;
}

const panel = (labels: number, over: Partial<BarPanel> = {}): BarPanel => ({
  title: 'Spend by product',
  labels: Array.from({ length: labels }, (_, i) => `Product ${i}`),
  series: [
    { label: '2025-05', cents: Array.from({ length: labels }, (_, i) => 1000 * (i + 1)) },
    { label: '2025-06', cents: Array.from({ length: labels }, (_, i) => (i % 3 === 0 ? null : 1200 * (i + 1))) },
  ],
  ...over,
});

describe('renderBarCharts', () => {
  it('draws a vertical panel as a 900 × 420 PNG', () => {
    expect(size(renderBarCharts([panel(4)]))).toEqual({ width: 900, height: 420 });
  });

  it('sizes a horizontal panel by its bars, at least 260 high, and no taller than MAX_BARS bars need', () => {
    expect(size(renderBarCharts([panel(2, { horizontal: true })])).height).toBe(260);
    expect(size(renderBarCharts([panel(10, { horizontal: true })])).height).toBe(110 + 34 * 10);
    const most = size(renderBarCharts([panel(MAX_BARS, { horizontal: true })])).height;
    expect(size(renderBarCharts([panel(MAX_BARS + 7, { horizontal: true })])).height).toBe(most);
  });

  it('stacks several panels top to bottom in one image', () => {
    const png = renderBarCharts([
      panel(3),
      panel(10, { horizontal: true }),
      panel(1, { series: [{ label: '2025-06', cents: [500] }] }),
    ]);
    expect(size(png)).toEqual({ width: 900, height: 420 + 450 + 420 });
  });

  it('takes a fixed panel height when given', () => {
    expect(size(renderBarCharts([panel(3), panel(3, { horizontal: true })], { panelHeight: 300 })).height).toBe(600);
  });

  it('draws the earlier period pale beside the current one; a lone series in the current colour', async () => {
    const two = await colours(renderBarCharts([panel(6)]));
    expect(two.has(PALE)).toBe(true);
    expect(two.has(CURRENT)).toBe(true);
    const one = await colours(renderBarCharts([panel(3, { series: [{ label: '2025-06', cents: [100, 200, 300] }] })]));
    expect(one.has(CURRENT)).toBe(true);
    expect(one.has(PALE)).toBe(false);
  });

  // Slack's dark theme would show the labels on black behind a transparent chart.
  it('draws on white', async () => {
    const png = renderBarCharts([panel(6)]);
    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    // The top-left corner is outside every bar, label and title.
    expect([...ctx.getImageData(0, 0, 1, 1).data]).toEqual([255, 255, 255, 255]);
  });

  it('refuses to draw no panels', () => {
    expect(() => renderBarCharts([])).toThrow('renderBarCharts needs at least one panel');
  });
});
