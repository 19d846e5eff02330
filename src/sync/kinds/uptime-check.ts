import { consolePageById, type KindSpec } from '../kind-spec.js';
import { bool, requiredId, str, stringList } from '../normalize-helpers.js';

/** Uptime checks (`/v2/uptime/checks`, key `checks`). DO bills them on one account-level line, not per check. */
export const uptimeCheck: KindSpec<'uptime_check'> = {
  kind: 'uptime_check',
  endpoints: [{ path: '/v2/uptime/checks', key: 'checks', scope: 'uptime:read' }],
  urnTypes: [],
  projects: 'none',
  // Unpriced: uptime checks are not in the price list.
  monthlyCost: () => null,
  aliases: ['uptime'],
  invoice: { patterns: [{ priority: 180, product: /\buptime\b/i, accountLevel: true }] },
  usuallyFree: () => 'uptime checks are billed on one account-level line, not one per check',
  show: {
    fields: [
      ['target', 'target'],
      ['type', 'type'],
    ],
    searchable: ['target'],
  },
  console: { list: '/monitors/uptime/checks', page: consolePageById('/monitors/uptime/checks') },
  standin: { fixture: 'uptime_checks.json' },
  normalize(raw) {
    const enabled = bool(raw.enabled);
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(raw.name) ?? '',
      status: enabled === false ? 'disabled' : 'enabled',
      attrs: { type: str(raw.type), target: str(raw.target), regions: stringList(raw.regions), enabled },
    };
  },
};
