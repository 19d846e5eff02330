import type { Command } from 'commander';
import type { Config } from '../config.js';
import { lazyHandlers, type Action } from './action.js';
import { FORMATS } from './statement-formats.js';

/** `arcadia billing report|statement`: who owes what for a period. */
export function registerBillingCommands(program: Command, action: Action, config: () => Config): void {
  const run = lazyHandlers(async () => (await import('./billing.js')).billingActions(config));
  const billing = program.command('billing').description('tenant billing: allocate an invoice to tenants, to the cent');

  billing
    .command('report')
    .description('allocate a period to tenants (YYYY-MM, or "current" for month to date)')
    .argument('<period>', 'YYYY-MM or current')
    .option('--json', 'print JSON')
    .action(action(run('report')));

  billing
    .command('statement')
    .description("write one tenant's statement for a period")
    .argument('<tenant>', 'tenant name')
    .argument('<period>', 'YYYY-MM or current')
    .requiredOption('--format <format>', `one of ${FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'file to write')
    .action(action(run('statement')));
}
