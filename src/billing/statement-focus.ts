import { toCsv } from '../csv.js';
import { formatCents } from '../invoice/money.js';
import { periodBounds } from '../invoice/period.js';
import type { Statement } from './statement-rows.js';

/** FinOps FOCUS columns; the tenant is the sub-account. Provider-specific columns carry FOCUS's `x_` prefix. */
export const STATEMENT_FOCUS_COLUMNS = [
  'BilledCost',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ChargeDescription',
  'ProviderName',
  'ResourceId',
  'ResourceType',
  'ServiceName',
  'SubAccountId',
  'SubAccountName',
  'x_AllocatedBy',
  'x_DirectCost',
  'x_SharedCost',
  'x_TaxCost',
  'x_Markup',
  'x_InvoiceLine',
  'x_Estimate',
] as const;

/** The statement in FOCUS: each row's BilledCost is the tenant's part of the line, markup included. */
export function statementFocus(s: Statement): string {
  const { start, end } = periodBounds(s.period);
  const rows = s.rows.map((r) => ({
    BilledCost: formatCents(r.total),
    BillingCurrency: 'USD',
    BillingPeriodStart: start.toISOString(),
    BillingPeriodEnd: end.toISOString(),
    ChargeCategory: r.via === 'tax' ? 'Tax' : r.total < 0 ? 'Credit' : 'Usage',
    ChargeDescription: r.description,
    ProviderName: 'DigitalOcean',
    ResourceId: r.resource.split(' ')[0] ?? '',
    ResourceType: r.kind,
    ServiceName: r.product,
    SubAccountId: s.tenant.tenant,
    SubAccountName: s.tenant.tenant,
    x_AllocatedBy: r.via,
    x_DirectCost: formatCents(r.direct),
    x_SharedCost: formatCents(r.shared),
    x_TaxCost: formatCents(r.tax),
    x_Markup: formatCents(r.markup),
    x_InvoiceLine: String(r.line),
    x_Estimate: String(s.estimate),
  }));
  return toCsv(
    STATEMENT_FOCUS_COLUMNS,
    rows.map((r) => STATEMENT_FOCUS_COLUMNS.map((c) => r[c])),
  );
}
