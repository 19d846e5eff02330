import type { AccountClients } from '../digitalocean/account-clients.js';
import { parsePeriod } from '../arguments.js';
import { ErrorCode, UsageError } from '../errors.js';
import { previewPeriodLines, storedPeriodLines, type PeriodLines } from './billing-lines.js';
import { BillingPeriodNotFoundError } from './errors.js';
import { storedPeriods } from '../invoice/invoice-summary.js';

/** `YYYY-MM` (a stored invoice) or `current` (month to date from DO's preview, an estimate). */
export async function resolvePeriodLines(period: string, accounts: AccountClients | undefined): Promise<PeriodLines> {
  if (period === 'current') {
    if (!accounts)
      throw new UsageError(
        'the current month comes from DigitalOcean: set DIGITALOCEAN_TOKEN to read its invoice preview',
        ErrorCode.BillingUsage,
      );
    return previewPeriodLines(accounts);
  }
  const lines = await storedPeriodLines(
    parsePeriod(
      period,
      `"${period}" is not a period; write YYYY-MM (e.g. 2025-06) or "current"`,
      ErrorCode.BillingUsage,
    ),
  );
  if (!lines) throw new BillingPeriodNotFoundError(period, await storedPeriods());
  return lines;
}
