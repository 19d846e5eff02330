import { describe, expect, it } from 'vitest';
import { renderTenantChart } from '../../src/billing/tenant-chart.js';

describe('renderTenantChart', () => {
  it('draws a 900×420 PNG of this month beside last month', () => {
    const png = renderTenantChart({
      period: '2025-06',
      previousPeriod: '2025-05',
      tenants: [
        { tenant: 'acme', total: 16272, previousTotal: 12000 },
        { tenant: 'globex', total: 1895, previousTotal: null },
      ],
    });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([900, 420]);
    // Not a blank canvas: bars, labels and the title make it far larger than an empty image.
    expect(png.length).toBeGreaterThan(5000);
  });
});
