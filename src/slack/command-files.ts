import { tenantStatementFor } from '../billing/billing-service.js';
import type { Config } from '../config.js';
import { wasteReport } from '../waste/waste-report.js';
import { findCsv } from './blocks/find.js';
import { unmatchedCsv } from './blocks/invoice-summary.js';
import type { CsvAttachment } from './blocks/message.js';
import { staleCsv } from './blocks/stale.js';
import { wasteCsv } from './blocks/waste.js';
import type { InvoicePort } from './invoice-port.js';
import type { InventoryQueries } from './queries.js';

/**
 * The full list behind a `/cloud` reply, named by what it is rather than carried: a queued job holds
 * these few fields, and the CSV is built from MongoDB when it is delivered, to the asker alone.
 */
export type CommandFile =
  | { of: 'stale'; kind?: string }
  | { of: 'find'; term: string }
  | { of: 'waste' }
  | { of: 'unmatched'; period: string }
  /** `period` as asked (`YYYY-MM` or `current`), so a month-to-date statement is built the same way. */
  | { of: 'statement'; tenant: string; period: string };

/** What building a file reads: the same stores the command read. */
export interface CommandFileDeps {
  config: Config;
  queries: InventoryQueries;
  invoices: InvoicePort;
  now(): Date;
}

/** A file's name, known without building it (for logs and `arcadia outbox list`). */
export function commandFileName(file: CommandFile): string {
  switch (file.of) {
    case 'stale':
      return 'stale-resources.csv';
    case 'find':
      return 'find-results.csv';
    case 'waste':
      return 'waste.csv';
    case 'unmatched':
      return `unmatched-${file.period}.csv`;
    case 'statement':
      return `statement-${file.tenant}-${file.period}.csv`;
  }
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
      return { filename: `statement-${file.tenant}-${statement.period}.csv`, title: `Statement ${file.tenant} ${statement.period}`, content: csv };
    }
  }
}
