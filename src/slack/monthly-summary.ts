import cron from 'node-cron';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { errorMessage, explainError } from '../errors.js';
import { previousPeriod } from '../invoice/index.js';
import { noticeMessage } from './blocks/index.js';
import { monthlySummaryMessage } from './blocks/monthly-summary.js';
import { claimOnce } from './claim-once.js';
import { tenantBillingMessage } from './blocks/tenant-billing.js';
import { billingReportFor } from '../billing/billing-service.js';
import { renderTenantChart } from '../billing/tenant-chart.js';
import type { InvoicePort } from './invoice-port.js';
import type { SlackOutbox } from './outbox.js';

export interface MonthlySummaryDeps {
  /** The whole config: the tenant section allocates with the billing settings. */
  config: Config;
  invoices: InvoicePort;
  outbox: SlackOutbox;
  redis: Redis;
  prefix: string;
  log: Logger;
}

/**
 * Posts last month's match summary to the finance channel, pulling the invoice from DO's billing
 * API when nobody uploaded one. Once per period however many instances run the schedule.
 * Returns what it did, for the log and for tests.
 */
export async function postMonthlySummary(deps: MonthlySummaryDeps, now: Date = new Date()): Promise<'posted' | 'already-posted' | 'no-channel' | 'failed'> {
  const channel = deps.config.ARCADIA_FINANCE_CHANNEL;
  if (!channel) return 'no-channel';
  const period = previousPeriod(now);
  if (!(await claimOnce(deps.redis, `${deps.prefix}:slack:monthly-summary:${period}`, 40 * 86_400))) return 'already-posted';
  try {
    const report = (await deps.invoices.report(period)) ?? (await deps.invoices.fetchFromDo(period));
    // The month before, to say how spend changed; only what is already stored (no second DO pull).
    const before = await deps.invoices.report(previousPeriod(new Date(`${period}-01T00:00:00Z`))).catch(() => null);
    const previous = before ? { period: before.invoice.period, totalCents: before.totalCents } : null;
    await deps.outbox.send({ ...monthlySummaryMessage(report, previous), channel, label: 'monthly-summary' }, { id: `monthly-summary-${period}` });
    deps.log.info({ period, lines: report.lines, matched: report.matched }, 'monthly summary queued');
    await postTenantSection(deps, channel, period);
    return 'posted';
  } catch (err) {
    const { sentence } = explainError(err, deps.log, `The monthly summary for ${period} could not be made`, { period });
    await deps.outbox.send(
      { ...noticeMessage(sentence, 'Upload the invoice CSV here and I will reconcile it.'), channel, label: 'monthly-summary' },
      { id: `monthly-summary-${period}` },
    );
    return 'failed';
  }
}

/** The tenant section after the match summary; a failure here is logged and leaves the summary posted. */
async function postTenantSection(deps: MonthlySummaryDeps, channel: string, period: string): Promise<void> {
  try {
    const report = await billingReportFor(period, deps.config);
    if (!report.basis.tenants.length) return;
    const message = tenantBillingMessage(report, { title: `Tenant billing: ${period}`, growthAlertPct: deps.config.ARCADIA_TENANT_GROWTH_ALERT });
    const png = renderTenantChart({ period, previousPeriod: report.basis.previousPeriod, tenants: report.tenants });
    const image = {
      filename: `tenants-${period}.png`,
      title: `Cost per tenant, ${period}`,
      altText: `Bar chart of each tenant's cost in ${period}${report.basis.previousPeriod ? ` beside ${report.basis.previousPeriod}` : ''}`,
      pngBase64: png.toString('base64'),
    };
    await deps.outbox.send({ ...message, image, channel, label: 'monthly-tenants' }, { id: `monthly-tenants-${period}` });
  } catch (err) {
    deps.log.error({ period, err: errorMessage(err) }, 'monthly tenant section failed');
  }
}

/** The monthly schedule (UTC); default 09:00 on the 2nd, once DO has closed the month's invoice. */
export function scheduleMonthlySummary(deps: MonthlySummaryDeps): { stop(): void } {
  const expression = deps.config.ARCADIA_MONTHLY_SUMMARY_CRON;
  const task = cron.schedule(expression, () => void postMonthlySummary(deps), { timezone: 'UTC' });
  return {
    stop() {
      void task.stop();
    },
  };
}
