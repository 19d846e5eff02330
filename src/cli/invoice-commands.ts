import type { Command } from 'commander';
import type { Config } from '../config.js';
import { lazyHandlers, type Action } from './action.js';

/** `arcadia invoice ...`: ingest, fetch, rematch, report and export. */
export function registerInvoiceCommands(program: Command, action: Action, config: () => Config): void {
  const run = lazyHandlers(async () => (await import('./invoice.js')).invoiceActions(config));
  const invoice = program.command('invoice').description('reconcile DigitalOcean invoices against the inventory');

  invoice
    .command('ingest')
    .description("ingest DO's invoice CSV (or invoice items JSON); a malformed file is refused whole")
    .argument('<file>', 'the invoice file')
    .option('--period <YYYY-MM>', 'the invoice period, when the file cannot tell')
    .option('--replace', 'replace the stored copy of this invoice even if this one is much smaller or does not add up')
    .option('--account <name>', 'the DO team (of ARCADIA_DO_ACCOUNTS) the invoice bills')
    .option('--json', 'print JSON')
    .action(action(run('ingest')));

  invoice
    .command('fetch')
    .description(
      "pull an invoice from DO's billing API (default: last month); `current` reconciles the month to date (DO's invoice preview, not stored)",
    )
    .argument('[period]', 'YYYY-MM or current')
    .option('--replace', 'replace stored copies even if DO now sends much less or lines that do not add up')
    .option('--account <name>', 'one DO team of ARCADIA_DO_ACCOUNTS (default: every team, each reported in turn)')
    .option('--json', 'print JSON (an array when several teams are reported)')
    .action(action(run('fetch')));

  invoice
    .command('rematch')
    .description("match a stored invoice again against today's inventory")
    .argument('<period>', 'YYYY-MM')
    .option('--json', 'print JSON')
    .action(action(run('rematch')));

  invoice
    .command('report')
    .description('show the reconciliation of a stored invoice')
    .argument('<period>', 'YYYY-MM')
    .option('--account <name>', "only this DO team's invoices (default: every team's)")
    .option('--json', 'print JSON')
    .action(action(run('report')));

  invoice
    .command('export')
    .description('write a stored invoice as FinOps FOCUS CSV (to focus-PERIOD.csv unless --out says otherwise)')
    .argument('<period>', 'YYYY-MM')
    .option('--format <format>', 'export format', 'focus')
    .option('--out <file>', 'where to write it ("-" for standard output)')
    .action(action(run('export')));
}
