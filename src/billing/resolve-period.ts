import type { AccountClients } from '../digitalocean/account-clients.js';
import { isPeriod } from '../invoice/period.js';
import { previewPeriodLines, storedPeriodLines, type PeriodLines } from './billing-lines.js';
import { BillingPeriodNotFoundError, BillingUsageError } from './errors.js';

/** `YYYY-MM` (a stored invoice) or `current` (month to date from DO's preview, an estimate). */
export async function resolvePeriodLines(period: string, accounts: AccountClients | undefined): Promise<PeriodLines> {
  if (period === 'current') {
    if (!accounts) throw new BillingUsageError('the current month comes from DigitalOcean: set DIGITALOCEAN_TOKEN to read its invoice preview');
    return previewPeriodLines(accounts);
  }
  if (!isPeriod(period)) throw new BillingUsageError(`"${period}" is not a period; write YYYY-MM (e.g. 2025-06) or "current"`);
  const lines = await storedPeriodLines(period);
  if (!lines) throw new BillingPeriodNotFoundError(period);
  return lines;
}
