import type { BillingLine } from '../../src/billing/allocate-invoice.js';
import type { ForecastInput, ForecastResource } from '../../src/forecast/build-forecasts.js';
import { PriceBook } from '../../src/pricing/price-book.js';

/** A small month: acme's droplet near its cap, beta's droplet created after DO's preview, shared bandwidth, a deleted droplet. */
export const PROJECT = 'p-1';

export function droplet(
  id: string,
  name: string,
  dollars: number,
  extra: Partial<ForecastResource> = {},
): ForecastResource {
  return {
    account: 'default',
    kind: 'droplet',
    providerId: id,
    name,
    tags: [],
    projectId: PROJECT,
    status: 'active',
    stale: false,
    firstSeenAt: new Date('2026-02-01T00:00:00Z'),
    attrs: { size_slug: 's-2vcpu-4gb', price_monthly: dollars, created_at: '2026-02-01T00:00:00Z' },
    ...extra,
  };
}

export const project: ForecastResource = {
  ...droplet(PROJECT, 'web-api', 0),
  kind: 'project',
  projectId: null,
  attrs: {},
};

export function line(
  n: number,
  amount: number,
  match: ForecastResource | null,
  extra: Partial<BillingLine> = {},
): BillingLine {
  return {
    line: n,
    product: match ? 'Droplets' : 'Bandwidth',
    groupDescription: '',
    description: match?.name ?? 'Outbound transfer',
    amount,
    project: 'web-api',
    kind: match ? 'droplet' : null,
    match: match ? { kind: match.kind, providerId: match.providerId, name: match.name, account: 'default' } : null,
    reason: null,
    ...extra,
  };
}

export const web = droplet('1', 'web', 24, { tags: ['tenant:acme'] });
// Created after DO's preview was rebuilt: not on it yet.
export const api = droplet('2', 'api', 12, {
  tags: ['tenant:beta'],
  attrs: { size_slug: 's-1vcpu-2gb', price_monthly: 12, created_at: '2026-03-10T12:00:00Z' },
});
export const gone = droplet('3', 'old', 6, { tags: ['tenant:beta'], stale: true });

export function input(extra: Partial<ForecastInput> = {}): ForecastInput {
  return {
    now: new Date('2026-03-11T00:00:00Z'),
    teams: [
      {
        account: 'default',
        period: '2026-03',
        asOf: new Date('2026-03-10T00:00:00Z'),
        lines: [line(1, 720, web), line(2, 90, null), line(3, 50, gone)],
        balance: null,
      },
    ],
    resources: [project, web, api, gone],
    tenants: [
      { name: 'acme', projects: [], tags: [], markupPct: 0 },
      { name: 'beta', projects: [], tags: [], markupPct: 0 },
    ],
    settings: { policy: 'proportional', prefix: 'tenant:' },
    prices: new PriceBook(),
    ...extra,
  };
}
