import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { errorMessage, explainError, MissingDoTokenError } from '../errors.js';
import { previousPeriod } from '../invoice/index.js';
import { noticeMessage } from './blocks/index.js';
import { monthlySummaryMessage, type MonthlyTenantSection } from './blocks/monthly-summary.js';
import type { ImageAttachment } from './blocks/message.js';
import { claimOnce } from '../claim-once.js';
import { billingReportFor } from '../billing/billing-service.js';
import { monthForecastSummary } from '../forecast/forecast-accuracy.js';
import type { InvoiceReport } from '../invoice/index.js';
import { monthlyChart } from './monthly-chart.js';
import type { InvoicePort } from './invoice-port.js';
import type { SlackOutbox } from '../outbox/producer.js';

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
 * Posts last month's summary to the finance channel, pulling the invoice from DO's billing API when
 * nobody uploaded one: one message with the spend, the tenant section and a chart (by product, by
 * project, per tenant; this month beside last). Once per period however many instances run the schedule.
 * Returns what it did, for the log and for tests.
 */
export async function postMonthlySummary(
  deps: MonthlySummaryDeps,
  now: Date = new Date(),
): Promise<'posted' | 'already-posted' | 'no-channel' | 'failed'> {
  const channel = deps.config.ARCADIA_FINANCE_CHANNEL;
  if (!channel) return 'no-channel';
  const period = previousPeriod(now);
  if (!(await claimOnce(deps.redis, `${deps.prefix}:slack:monthly-summary:${period}`, 40 * 86_400)))
    return 'already-posted';
  try {
    // Every team's invoice: those not uploaded are pulled from DO. Without a DO token, what was uploaded.
    const report = await deps.invoices.fetchFromDo(period).catch(async (err: unknown) => {
      if (!(err instanceof MissingDoTokenError)) throw err;
      return (await deps.invoices.report(period)) ?? Promise.reject(err);
    });
    // The month before, to say how spend changed; only what is already stored (no second DO pull).
    const before = await deps.invoices.report(previousPeriod(new Date(`${period}-01T00:00:00Z`))).catch(() => null);
    const previous = before ? { period: before.invoice.period, totalCents: before.totalCents } : null;
    const tenants = await tenantSection(deps, period);
    const forecast = await monthForecastSummary(period, deps.config).catch((err: unknown) => {
      deps.log.error({ period, err: errorMessage(err) }, 'monthly forecast line failed');
      return null;
    });
    const image = chartFor(deps, report, before, tenants);
    await deps.outbox.send(
      {
        ...monthlySummaryMessage(report, previous, tenants, forecast),
        ...(image ? { image } : {}),
        target: { to: 'channel', channel: channel },
        label: 'monthly-summary',
      },
      { id: `monthly-summary-${period}` },
    );
    deps.log.info(
      { period, lines: report.lines, matched: report.matched, tenants: tenants?.report.tenants.length ?? 0 },
      'monthly summary queued',
    );
    return 'posted';
  } catch (err) {
    const { sentence } = explainError(err, deps.log, `The monthly summary for ${period} could not be made`, { period });
    await deps.outbox.send(
      {
        ...noticeMessage(sentence, 'Upload the invoice CSV here and I will reconcile it.'),
        target: { to: 'channel', channel: channel },
        label: 'monthly-summary',
      },
      { id: `monthly-summary-${period}` },
    );
    return 'failed';
  }
}

/** Who owes what, allocated from the same invoice; null without tenants. A failure here is logged and leaves the rest of the summary. */
async function tenantSection(deps: MonthlySummaryDeps, period: string): Promise<MonthlyTenantSection | null> {
  try {
    const report = await billingReportFor(period, deps.config);
    return report.basis.tenants.length ? { report, growthAlertPct: deps.config.ARCADIA_TENANT_GROWTH_ALERT } : null;
  } catch (err) {
    deps.log.error({ period, err: errorMessage(err) }, 'monthly tenant section failed');
    return null;
  }
}

/** The chart beside the summary; a drawing failure is logged and the summary goes without it. */
function chartFor(
  deps: MonthlySummaryDeps,
  report: InvoiceReport,
  before: InvoiceReport | null,
  tenants: MonthlyTenantSection | null,
): ImageAttachment | null {
  try {
    const t = tenants?.report;
    return monthlyChart(
      report,
      before,
      t ? { period: t.period, previousPeriod: t.basis.previousPeriod, tenants: t.tenants } : null,
    );
  } catch (err) {
    deps.log.error({ period: report.invoice.period, err: errorMessage(err) }, 'monthly chart failed');
    return null;
  }
}
