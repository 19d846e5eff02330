import { formatUsd } from '../invoice/money.js';
import type { BudgetView } from './budget-store.js';

/** `tenant acme: $500.00 a month, alerts at 80% and 100% in C0ACME`: a budget in one line, for both front ends. */
export function describeBudget(
  b: Pick<BudgetView, 'scope' | 'name' | 'amountCents' | 'thresholdsPct' | 'channel'>,
): string {
  const at = b.thresholdsPct.map((p) => `${p}%`);
  const where = b.channel ? `in ${b.channel}` : 'where the routing rules send them';
  return `${b.scope} ${b.name}: ${formatUsd(b.amountCents)} a month, alerts at ${[at.slice(0, -1).join(', '), at.at(-1)].filter(Boolean).join(' and ')} ${where}`;
}
