import { z } from 'zod';
import { tenantStatementFor } from '../src/billing/billing-service.js';
import { TENANT_NAME } from '../src/billing/tenant-definition.js';
import { isPeriod, previousPeriod } from '../src/invoice/period.js';
import { tenantStatementMessage } from '../src/slack/blocks/tenant-statement.js';
import { billingNotice } from './billing-notice.js';
import { subcommand } from './subcommand.js';

export const schema = z
  .string()
  .trim()
  .transform((v) => v.split(/\s+/).filter(Boolean))
  .refine(
    (parts) => parts.length >= 1 && parts.length <= 2,
    'Name a tenant, and optionally a month: `NAME [YYYY-MM|current]`.',
  )
  .refine((parts) => TENANT_NAME.test(parts[0] ?? ''), 'Tenant names are lower-case letters, digits, "_", "." and "-".')
  .refine(
    (parts) => parts[1] === undefined || parts[1] === 'current' || isPeriod(parts[1]),
    'Give the month as YYYY-MM (e.g. 2025-06) or "current".',
  )
  .transform((parts) => ({ tenant: parts[0]!, period: parts[1] }));

export const tenant = subcommand({
  name: 'tenant',
  audience: 'finance',
  expensive: true,
  schema,
  help: {
    usage: 'tenant NAME [YYYY-MM|current]',
    summary:
      "One tenant's month: total, change, cost by kind and by project, with its statement sent to you as CSV by direct message. Default: last month.",
    examples: ['/cloud tenant acme', '/cloud tenant acme 2025-06'],
  },
  async handle({ args }, deps) {
    const period = args.period ?? previousPeriod(deps.now());
    try {
      const { statement, report } = await tenantStatementFor(args.tenant, period, deps.config);
      const line = report.tenants.find((t) => t.tenant === args.tenant)!;
      return tenantStatementMessage(statement, line, period);
    } catch (err) {
      return billingNotice(err, deps.config);
    }
  },
});
