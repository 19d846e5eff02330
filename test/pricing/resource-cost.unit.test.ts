import { describe, expect, it } from 'vitest';
import { PriceBook } from '../../src/pricing/price-book.js';
import { monthlyCostCents } from '../../src/pricing/resource-cost.js';

describe('monthly cost of a resource at list prices', () => {
  const prices = new PriceBook(new Map([['s-2vcpu-4gb', 2400]]));
  it('prices the kinds DO bills by size, and says when it cannot', () => {
    expect(monthlyCostCents({ kind: 'droplet', attrs: { price_monthly: 6, backups_enabled: true } }, prices)).toBe(720);
    expect(monthlyCostCents({ kind: 'droplet', attrs: { size_slug: 's-2vcpu-4gb' } }, prices)).toBe(2400);
    expect(monthlyCostCents({ kind: 'droplet', attrs: { size_slug: 'unheard-of' } }, prices)).toBeNull();
    expect(monthlyCostCents({ kind: 'volume', attrs: { size_gigabytes: 100 } }, prices)).toBe(1000);
    expect(monthlyCostCents({ kind: 'snapshot', attrs: { size_gigabytes: 2.34 } }, prices)).toBe(14);
    expect(monthlyCostCents({ kind: 'floating_ip', status: 'unassigned' }, prices)).toBe(400);
    expect(monthlyCostCents({ kind: 'floating_ip', status: 'assigned' }, prices)).toBe(0);
    expect(monthlyCostCents({ kind: 'load_balancer', attrs: { size: 'lb-medium' } }, prices)).toBe(3600);
    expect(monthlyCostCents({ kind: 'domain' }, prices)).toBe(0);
    expect(monthlyCostCents({ kind: 'managed_db' }, prices)).toBeNull();
  });
});
