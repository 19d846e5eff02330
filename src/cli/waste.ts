import type { Config } from '../config.js';
import { formatCents, formatUsd } from '../invoice/money.js';
import { wasteReport } from '../waste/waste-report.js';
import { renderTable } from './render-table.js';
import { withRuntime } from './with-runtime.js';

/** `arcadia waste [--json] [--all]`: open waste findings, most expensive first, with the monthly total. */
export async function wasteCommand(options: { json?: boolean; all?: boolean }, config: Config): Promise<number> {
  return withRuntime(config, async () => {
    const now = new Date();
    const report = await wasteReport(now, {
      tenantTagPrefix: config.ARCADIA_TENANT_TAG_PREFIX,
      includeQuiet: options.all,
    });
    const shownCents = report.rows.reduce((s, r) => s + (r.monthlyCents ?? 0), 0);
    if (options.json) {
      console.log(
        JSON.stringify({
          monthlyTotal: formatCents(shownCents),
          quiet: report.quiet,
          findings: report.rows.map((r) => ({
            key: r.key,
            finding: r.title,
            kind: r.kind,
            id: r.providerId,
            name: r.name,
            monthly: r.monthlyCents === null ? null : formatCents(r.monthlyCents),
            project: r.project,
            tenant: r.tenant,
            region: r.region,
            since: r.since.toISOString(),
            lastSeen: r.lastSeenAt.toISOString(),
            reason: r.reason,
            console: r.consoleUrl,
          })),
        }),
      );
      return 0;
    }
    if (report.rows.length === 0) {
      console.log(
        `No waste found.${report.quiet ? ` (${report.quiet} acknowledged or snoozed; --all shows them)` : ''}`,
      );
      return 0;
    }
    console.log(
      `${formatUsd(shownCents)}/mo of waste in ${report.rows.length} finding${report.rows.length === 1 ? '' : 's'}${report.quiet ? ` (${report.quiet} acknowledged or snoozed left out; --all shows them)` : ''}`,
    );
    console.log(
      renderTable(
        ['$/MO', 'FINDING', 'KIND', 'ID', 'NAME', 'PROJECT', 'REGION', 'SINCE'],
        report.rows.map((r) => [
          r.monthlyCents === null ? '?' : formatCents(r.monthlyCents),
          r.title,
          r.kind,
          r.providerId,
          r.name,
          r.project ?? '',
          r.region ?? '',
          r.since.toISOString().slice(0, 10),
        ]),
      ),
    );
    return 0;
  });
}
