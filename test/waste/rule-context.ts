import { DEFAULTS, type Config } from '../../src/config.js';
import { WASTE_RULE_SETTINGS } from '../../src/waste/rules/index.js';
import { PriceBook } from '../../src/pricing/price-book.js';
import type { WasteContext, WasteResource } from '../../src/waste/waste-rule.js';

export const NOW = new Date('2025-07-05T12:00:00Z');
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

/** A live resource as a rule reads it; seen (and last changed) `lastChangedDaysAgo` days ago. */
export function res(
  kind: string,
  providerId: string,
  fields: Partial<WasteResource> & { lastChangedDaysAgo?: number } = {},
): WasteResource {
  const { lastChangedDaysAgo = 0, ...rest } = fields;
  return {
    kind,
    providerId,
    name: providerId,
    region: 'nyc3',
    status: null,
    tags: [],
    attrs: {},
    firstSeenAt: daysAgo(400),
    lastSeenAt: daysAgo(lastChangedDaysAgo),
    ...rest,
  };
}

type RuleSettingValues = Pick<Config, keyof typeof WASTE_RULE_SETTINGS>;

/** A rule context over the given resources, every rule setting at its default (7, 90, 35 days), the price list only. */
export function ruleContext(resources: WasteResource[], prices = new PriceBook()): WasteContext<RuleSettingValues> {
  return {
    resources: (kind) => resources.filter((r) => r.kind === kind),
    settings: Object.fromEntries(
      Object.keys(WASTE_RULE_SETTINGS).map((name) => [name, DEFAULTS[name as keyof RuleSettingValues]]),
    ) as RuleSettingValues,
    prices,
    now: NOW,
  };
}
