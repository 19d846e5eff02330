import { resourceRef, type Attribution } from '../billing/attribute-resources.js';
import type { BillingDataPoint } from '../digitalocean/billing-insights.js';
import { deriveKind } from '../invoice/derive-kind.js';
import type { InventoryIndex } from '../invoice/inventory-index.js';
import { matchLine } from '../invoice/match-line.js';
import { parseCents } from '../invoice/money.js';
import { productOfSku } from './sku-product.js';

/** A data point ready to store: its amount in cents, its product, and whose it is. */
export interface SpendRow {
  account: string;
  day: string;
  sku: string;
  description: string;
  region: string;
  groupDescription: string;
  product: string;
  cents: number;
  tenant: string | null;
  resource: string | null;
}

/**
 * A point's resource and tenant, the way an invoice line's are found: the point read as an
 * invoice line (its product from the SKU's family) and matched against the team's inventory by
 * the invoice matcher (src/invoice/match-line.ts), then given the tenant tenant billing gives
 * that resource (src/billing/attribute-resources.ts). What matches nothing, or a resource two
 * tenants claim, stays with the account series. An amount DO wrote in no dollar form is null.
 */
export function spendRow(
  point: BillingDataPoint,
  account: string,
  index: InventoryIndex,
  attribution: ReadonlyMap<string, Attribution>,
): SpendRow | null {
  const cents = parseCents(point.total_amount);
  if (cents === null) return null;
  const product = productOfSku(point.sku) ?? '';
  const line = {
    line: 0,
    product,
    groupDescription: point.group_description,
    description: point.description,
    amountCents: cents,
    hours: null,
    start: null,
    end: null,
    projectName: '',
    category: '',
    resourceId: '',
    resourceUuid: '',
  };
  const matched = product ? matchLine(line, deriveKind(product, point.description), index).match : null;
  const ref = matched ? resourceRef(matched.kind, matched.providerId, account) : null;
  return {
    account,
    day: point.start_date,
    sku: point.sku,
    description: point.description,
    region: point.region,
    groupDescription: point.group_description,
    product: product || point.group_description || point.sku,
    cents,
    tenant: (ref ? attribution.get(ref)?.tenant : null) ?? null,
    resource: matched ? `${matched.kind}:${matched.providerId}` : null,
  };
}
