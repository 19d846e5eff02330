import { accountKeyPrefix } from '../digitalocean/accounts.js';
import { DriftState } from '../../models/drift-state.js';
import type { InvoiceReport } from './report.js';

/** One difference between what DO bills and what Arcadia's inventory holds. */
export interface DriftItem {
  /** Stable across checks: the same difference tomorrow has the same key. */
  key: string;
  direction: 'billed_not_in_inventory' | 'in_inventory_not_billed';
  kind: string | null;
  /** The resource: DO's id for an unbilled one; the line's text for a billed one. */
  label: string;
  /** Month-to-date cents billed (billed lines only). */
  amountCents: number | null;
}

/**
 * The drift in a month-to-date report, both ways: lines billing a resource the inventory has never
 * seen, and live resources no line bills that are not rightly free (assigned IPs, firewalls and the
 * like are left out, as are resources gone from DO).
 */
export function driftOf(report: InvoiceReport): DriftItem[] {
  const billed: DriftItem[] = report.items
    .filter((i) => i.reason === 'resource_never_seen')
    .map((i) => {
      const label = [i.groupDescription, i.description].filter(Boolean).join(' — ') || i.product;
      return {
        key: `billed:${i.kind ?? i.product}:${label}`,
        direction: 'billed_not_in_inventory',
        kind: i.kind,
        label,
        amountCents: i.amount,
      };
    });
  const unbilled: DriftItem[] = report.runningNotBilled.items
    .filter((r) => r.usuallyFree === null && !r.stale)
    .map((r) => ({
      key: `unbilled:${r.kind}:${r.providerId}`,
      direction: 'in_inventory_not_billed',
      kind: r.kind,
      label: r.name ? `${r.name} (${r.providerId})` : r.providerId,
      amountCents: null,
    }));
  // The same resource billed on several lines is one difference.
  return [...new Map([...billed, ...unbilled].map((d) => [d.key, d])).values()];
}

export interface DriftCheck {
  /** The DO team checked. */
  account: string;
  period: string;
  /** Every difference found now. */
  all: DriftItem[];
  /** Those the previous check did not find: what to alert on. */
  fresh: DriftItem[];
  /** Differences the previous check found that are gone now. */
  resolved: number;
}

/**
 * Compares today's drift with the last check's and records today's, so only new drift alerts. A
 * difference that goes away and comes back alerts again. The first check alerts on all it finds.
 */
export async function recordDrift(report: InvoiceReport, now: Date = new Date()): Promise<DriftCheck> {
  const all = driftOf(report);
  // Each team's drift is its own: one document per account.
  const key = accountKeyPrefix(report.invoice.account);
  const previous = await DriftState.findById(key).lean();
  const seen = new Set(previous?.keys ?? []);
  const fresh = all.filter((d) => !seen.has(d.key));
  const current = new Set(all.map((d) => d.key));
  const resolved = [...seen].filter((k) => !current.has(k)).length;
  await DriftState.updateOne(
    { _id: key },
    { $set: { keys: [...current].sort(), period: report.invoice.period, checkedAt: now } },
    { upsert: true },
  );
  return { period: report.invoice.period, account: report.invoice.account, all, fresh, resolved };
}
