import { PriceBook } from '../../src/pricing/price-book.js';
import type { WasteContext, WasteResource } from '../../src/waste/waste-rule.js';

export const NOW = new Date('2025-07-05T12:00:00Z');
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

/** A live resource as a rule reads it; seen (and last changed) `lastChangedDaysAgo` days ago. */
export function res(kind: string, providerId: string, fields: Partial<WasteResource> & { lastChangedDaysAgo?: number } = {}): WasteResource {
  const { lastChangedDaysAgo = 0, ...rest } = fields;
  return { kind, providerId, name: providerId, region: 'nyc3', status: null, tags: [], attrs: {}, firstSeenAt: daysAgo(400), lastSeenAt: daysAgo(lastChangedDaysAgo), ...rest };
}

/** A rule context over the given resources, default thresholds (7, 90, 35 days), the price list only. */
export function ruleContext(resources: WasteResource[], prices = new PriceBook()): WasteContext {
  return {
    resources: (kind) => resources.filter((r) => r.kind === kind),
    thresholds: { ARCADIA_WASTE_POWERED_OFF_DAYS: 7, ARCADIA_WASTE_SNAPSHOT_DAYS: 90, ARCADIA_WASTE_BACKUP_DAYS: 35 },
    prices,
    now: NOW,
  };
}
