import { writeFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { buildBillingReport, type BillingReport } from '../billing/billing-report.js';
import { billingReportFor, billingSettings } from '../billing/billing-service.js';
import { ErrorCode, UsageError } from '../errors.js';
import { resolvePeriodLines } from '../billing/resolve-period.js';
import { statementCsv } from '../billing/statement-csv.js';
import { statementFocus } from '../billing/statement-focus.js';
import { statementPdf, type StatementParty } from '../billing/statement-pdf.js';
import { getTenant } from '../billing/tenant-store.js';
import { statementFor } from '../billing/statement-rows.js';
import { formatUsd } from '../invoice/money.js';
import { renderTable } from './render-table.js';
import { withRuntime } from './with-runtime.js';
import { FORMATS } from './statement-formats.js';

function change(pct: number | null, previous: number | null): string {
  if (previous === null) return '';
  if (pct === null) return previous === 0 ? 'new' : '';
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** The report for people: the total, each tenant with its change from the period before, then what no tenant carries and why. */
export function renderBillingReport(r: BillingReport): string {
  const out: string[] = [];
  out.push(
    `Tenant billing ${r.period}${r.estimate ? ` (ESTIMATE: month to date from DO's invoice preview, as of ${r.asOf})` : ''}: invoice total ${formatUsd(r.invoiceTotal)}`,
  );
  const previous = r.basis.previousPeriod ? `vs ${r.basis.previousPeriod}` : 'CHANGE';
  out.push(
    '',
    renderTable(
      ['TENANT', 'DIRECT', 'SHARED', 'TAX', 'MARKUP', 'TOTAL', 'LINES', previous],
      r.tenants.map((t) => [
        t.tenant,
        formatUsd(t.direct),
        formatUsd(t.shared),
        formatUsd(t.tax),
        formatUsd(t.markup),
        formatUsd(t.total),
        t.lines,
        change(t.changePct, t.previousTotal),
      ]),
    ),
  );
  out.push('', `Unallocated: ${formatUsd(r.unallocated.amount)} on ${r.unallocated.lines} line(s)`);
  for (const u of r.unallocated.byReason) out.push(`  ${u.reason}: ${formatUsd(u.amount)} (${u.lines} line(s))`);
  for (const c of r.conflicts)
    out.push(
      `  line ${c.line} "${c.description}" ${formatUsd(c.amount)}: claimed by ${c.claimants.join(' and ')}; settle it with \`arcadia tenant set\``,
    );
  out.push(
    '',
    r.conserved
      ? 'Tenants + unallocated = invoice total, to the cent.'
      : 'NOT CONSERVED: tenants + unallocated differ from the invoice total.',
  );
  out.push(`Policy: shared costs ${r.basis.policy}; tenant tag prefix "${r.basis.tenantTagPrefix}".`);
  out.push(
    `Tenants: ${r.basis.tenants.map((t) => `${t.name} [projects: ${t.projects.join(', ') || '-'}; tags: ${t.tags.join(', ') || '-'}; markup ${t.markupPct}%]`).join('; ') || 'none defined'}`,
  );
  return out.join('\n');
}

/** Who issues the PDF statements, from ARCADIA_STATEMENT_ISSUER_*: the address's `;` separates its lines. */
export function statementIssuer(config: Config): StatementParty {
  const address = (config.ARCADIA_STATEMENT_ISSUER_ADDRESS ?? '')
    .split(';')
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    name: config.ARCADIA_STATEMENT_ISSUER_NAME,
    ...(address.length ? { address } : {}),
    ...(config.ARCADIA_STATEMENT_ISSUER_TAX_ID ? { taxId: config.ARCADIA_STATEMENT_ISSUER_TAX_ID } : {}),
  };
}

/** Who a tenant's statement is addressed to: its legal name (else its name), address and tax id. */
async function statementCustomer(name: string): Promise<StatementParty> {
  const t = await getTenant(name);
  return {
    name: t.legalName ?? t.name,
    ...(t.address ? { address: t.address } : {}),
    ...(t.taxId ? { taxId: t.taxId } : {}),
  };
}

/** What the billing commands do, loaded when one runs (src/cli/billing-commands.ts defines them). */
export function billingActions(config: () => Config) {
  return {
    report: async (period: string, opts: { json?: boolean }) =>
      withRuntime(config(), async (rt) => {
        const report = await billingReportFor(period, rt.config, rt.accounts);
        console.log(opts.json ? JSON.stringify(report) : renderBillingReport(report));
        return 0;
      }),
    statement: async (tenant: string, period: string, opts: { format: string; out: string }) => {
      if (!FORMATS.includes(opts.format as (typeof FORMATS)[number]))
        throw new UsageError(
          `unknown statement format "${opts.format}"; use ${FORMATS.join(', ')}`,
          ErrorCode.BillingUsage,
        );
      return withRuntime(config(), async (rt) => {
        const lines = await resolvePeriodLines(period, rt.accounts);
        const { allocation } = await buildBillingReport(lines, billingSettings(rt.config));
        const statement = statementFor(allocation, tenant, lines.period, lines.estimate);
        const body =
          opts.format === 'pdf'
            ? await statementPdf(statement, {
                issuer: statementIssuer(rt.config),
                customer: await statementCustomer(tenant),
              })
            : opts.format === 'focus'
              ? statementFocus(statement)
              : statementCsv(statement);
        await writeFile(opts.out, body);
        console.log(
          `Wrote ${opts.out}: ${tenant} ${lines.period}, ${statement.rows.length} line(s), total ${formatUsd(statement.tenant.total)}.`,
        );
        return 0;
      });
    },
  };
}
