import { parsePeriod, zodArgument } from '../src/arguments.js';
import { billingReportFor } from '../src/billing/billing-service.js';
import { previousPeriod } from '../src/invoice/period.js';
import { tenantBillingMessage } from '../src/slack/blocks/tenant-billing.js';
import { billingNotice } from './billing-notice.js';
import { subcommand } from './subcommand.js';

export const schema = zodArgument((text) => {
  const asked = text.trim().toLowerCase();
  if (!asked) return undefined;
  return asked === 'current'
    ? asked
    : parsePeriod(
        asked,
        'Give the month as YYYY-MM (e.g. 2025-06), or "current" for month to date, or nothing for last month.',
      );
});

export const billing = subcommand({
  name: 'billing',
  audience: 'finance',
  expensive: true,
  schema,
  help: {
    usage: 'billing [YYYY-MM|current]',
    summary:
      'Who owes what: tenants ranked by total with the change from the month before, and what no tenant carries and why. Default: last month.',
    examples: ['/cloud billing', '/cloud billing 2025-06', '/cloud billing current'],
  },
  async handle({ args }, deps) {
    const period = args ?? previousPeriod(deps.now());
    try {
      return tenantBillingMessage(await billingReportFor(period, deps.config));
    } catch (err) {
      return billingNotice(err, deps.config);
    }
  },
});
