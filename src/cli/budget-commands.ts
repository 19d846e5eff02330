import type { Command } from 'commander';
import type { Config } from '../config.js';
import { lazyHandlers, type Action } from './action.js';

/** `arcadia budget set|list|remove`: monthly budgets whose forecast is alerted before it is crossed. */
export function registerBudgetCommands(program: Command, action: Action, config: () => Config): void {
  const run = lazyHandlers(async () => (await import('./budget.js')).budgetActions(config));
  const budget = program
    .command('budget')
    .description("monthly budgets of a tenant, project or DO team, alerted when the month's forecast crosses them");

  budget
    .command('set')
    .description("set a scope's monthly budget (replacing the one it had)")
    .argument('<scope>', 'tenant, project or account')
    .argument('<name>', 'the tenant, the DO project (name or id) or the DO team')
    .argument('<amount>', 'US dollars a month, e.g. 500 or 1,250.50')
    .option(
      '--alert-at <pcts>',
      'percentages of the budget the forecast is alerted at (default ARCADIA_BUDGET_ALERT_AT)',
    )
    .option('--channel <id>', 'the Slack channel id alerts go to (default: the routing rules)')
    .option('--json', 'print JSON')
    .action(action(run('set')));

  budget
    .command('list')
    .description('list the budgets')
    .option('--json', 'print JSON')
    .action(action(run('list')));

  budget
    .command('remove')
    .description("remove a scope's budget")
    .argument('<scope>', 'tenant, project or account')
    .argument('<name>', 'the tenant, project or DO team')
    .action(action(run('remove')));
}
