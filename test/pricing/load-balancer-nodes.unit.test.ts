import { describe, expect, it } from 'vitest';
import { backupFeeCents, loadBalancerNodes } from '../../src/pricing/price-list.js';

describe('loadBalancerNodes', () => {
  it('reads size_unit, then the legacy size slug, else one node', () => {
    expect(loadBalancerNodes({ size_unit: 4, size: 'lb-large' })).toBe(4);
    expect(loadBalancerNodes({ size: 'lb-medium' })).toBe(3);
    expect(loadBalancerNodes({ size: 'lb-large' })).toBe(6);
    expect(loadBalancerNodes({ size_unit: 0, size: 'lb-small' })).toBe(1);
    expect(loadBalancerNodes({ size_unit: '3' })).toBe(1);
    expect(loadBalancerNodes({})).toBe(1);
  });
});

describe('backupFeeCents', () => {
  it("is a fifth of the droplet's price, rounded to the cent", () => {
    expect(backupFeeCents(600)).toBe(120);
    expect(backupFeeCents(1205)).toBe(241);
    expect(backupFeeCents(3)).toBe(1); // 0.6 cents
    expect(backupFeeCents(0)).toBe(0);
  });
});
