import { describe, expect, it } from 'vitest';
import { monthlyChart, type ChartReport } from '../../src/slack/monthly-chart.js';
import { invoiceMeta } from '../helpers/invoice-items.js';

const june: ChartReport = {
  invoice: invoiceMeta({ id: 'inv-2025-06' }),
  totalsByProject: [
    { project: 'my-web-api', lines: 2, cents: 1320 },
    { project: '(no project)', lines: 1, cents: 800 },
  ],
  items: [
    { product: 'Droplets', amount: 600 },
    { product: 'Droplet Backups', amount: 720 },
    { product: 'Volumes', amount: 800 },
  ],
};
const may: ChartReport = {
  ...june,
  invoice: { ...june.invoice, period: '2025-05' },
  items: [
    { product: 'Droplets', amount: 1200 },
    { product: 'Load Balancers', amount: 1200 },
  ],
};
const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('monthlyChart', () => {
  it('one PNG: by product and by project, this month beside last, named and described for Slack', () => {
    const image = monthlyChart(june, may, null);
    const png = Buffer.from(image.pngBase64, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(size(png)).toEqual([900, 260 + 260]);
    expect(image).toMatchObject({
      filename: 'spend-2025-06.png',
      title: 'Spend 2025-06 vs 2025-05',
      altText: 'Bar charts of spend in 2025-06 beside 2025-05: by product, by project',
    });
  });

  it('adds the tenant panel when there are tenants, and says so', () => {
    const image = monthlyChart(june, null, {
      period: '2025-06',
      previousPeriod: null,
      tenants: [{ tenant: 'acme', total: 1500, previousTotal: null }],
    });
    expect(size(Buffer.from(image.pngBase64, 'base64'))).toEqual([900, 260 + 260 + 420]);
    expect(image.altText).toBe('Bar charts of spend in 2025-06: by product, by project and per tenant');
  });
});
