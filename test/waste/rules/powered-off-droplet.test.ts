import { describe, expect, it } from 'vitest';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { poweredOffDroplet } from '../../../src/waste/rules/powered-off-droplet.js';
import { res, ruleContext } from '../rule-context.js';

describe('powered-off droplets', () => {
  const off = (id: string, days: number, attrs: Record<string, unknown>, tags: string[] = []) =>
    res('droplet', id, { status: 'off', lastChangedDaysAgo: days, attrs, tags });

  it('reports droplets off for at least the threshold, at their own price, then live sizes, then the list', () => {
    const found = poweredOffDroplet.detect(
      ruleContext(
        [
          off('own-price', 8, { size_slug: 's-1vcpu-1gb', price_monthly: 7 }),
          off('live-price', 30, { size_slug: 's-2vcpu-4gb' }),
          off('list-price', 7, { size_slug: 's-1vcpu-2gb' }),
          off('too-recent', 6, { size_slug: 's-1vcpu-1gb' }),
          off('k8s-node', 30, { size_slug: 's-1vcpu-1gb' }, ['k8s']),
          res('droplet', 'running', { status: 'active', lastChangedDaysAgo: 30 }),
        ],
        new PriceBook(new Map([['s-2vcpu-4gb', 2500]])),
      ),
    );
    expect(found.map((f) => [f.resource.providerId, f.monthlyCents])).toEqual([
      ['own-price', 700],
      ['live-price', 2500],
      ['list-price', 1200],
    ]);
  });
});
