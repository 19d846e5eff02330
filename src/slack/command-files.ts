import { tenantStatementFor } from '../billing/billing-service.js';
import type { Config } from '../config.js';
import { wasteReport } from '../waste/waste-report.js';
import { findCsv } from './blocks/find.js';
import { unmatchedCsv } from './blocks/invoice-summary.js';
import type { CommandFile, CsvAttachment } from '../outbox/message.js';
import { staleCsv } from './blocks/stale.js';
import { wasteCsv } from './blocks/waste.js';
import type { InvoicePort } from './invoice-port.js';
import type { InventoryQueries } from './queries.js';

export { commandFileName, type CommandFile } from '../outbox/message.js';

/** What building a file reads: the same stores the command read. */
export interface CommandFileDeps {
  config: Config;
  queries: InventoryQueries;
  invoices: InvoicePort;
  now(): Date;
}

/** Builds the file from what is stored now. */
export async function buildCommandFile(file: CommandFile, deps: CommandFileDeps): Promise<CsvAttachment> {
  switch (file.of) {
    case 'stale':
      return staleCsv((await deps.queries.stale(file.kind)).items, file.kind);
    case 'find':
      return findCsv(file.term, await deps.queries.find(file.term));
    case 'waste':
      return wasteCsv((await wasteReport(deps.now(), { tenantTagPrefix: deps.config.ARCADIA_TENANT_TAG_PREFIX })).rows);
    case 'unmatched': {
      const report = await deps.invoices.report(file.period);
      if (!report) throw new Error(`no invoice is stored for ${file.period} any more`);
      return unmatchedCsv(report);
    }
    case 'statement': {
      const { statement, csv } = await tenantStatementFor(file.tenant, file.period, deps.config);
      return {
        filename: `statement-${file.tenant}-${statement.period}.csv`,
        title: `Statement ${file.tenant} ${statement.period}`,
        content: csv,
      };
    }
  }
}
