import type { Config } from '../config.js';
import { accountClients } from '../digitalocean/account-clients.js';
import { tokenScope } from '../sync/kinds/index.js';
import { buildBillingReport, type BillingReport } from './billing-report.js';
import { resolvePeriodLines } from './resolve-period.js';
import { statementCsv } from './statement-csv.js';
import { statementFor, type Statement } from './statement-rows.js';

/** The allocation settings of a configuration. */
export const billingSettings = (c: Config) => ({
  policy: c.ARCADIA_SHARED_COST_POLICY,
  prefix: c.ARCADIA_TENANT_TAG_PREFIX,
});

/**
 * The billing report of a period (`YYYY-MM` or `current`) with the process's settings: what Slack
 * and the CLI show. `accounts` read the month to date; a process holding its own pass them in.
 */
export async function billingReportFor(
  period: string,
  config: Config,
  accounts = accountClients(config, tokenScope),
): Promise<BillingReport> {
  const lines = await resolvePeriodLines(period, accounts);
  return (await buildBillingReport(lines, billingSettings(config))).report;
}

/** One tenant's statement for a period, its CSV, and its change from the period before. */
export async function tenantStatementFor(
  tenant: string,
  period: string,
  config: Config,
): Promise<{ statement: Statement; csv: string; report: BillingReport }> {
  const lines = await resolvePeriodLines(period, accountClients(config, tokenScope));
  const { report, allocation } = await buildBillingReport(lines, billingSettings(config));
  const statement = statementFor(allocation, tenant, lines.period, lines.estimate);
  return { statement, csv: statementCsv(statement), report };
}
