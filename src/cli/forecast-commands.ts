import type { Command } from 'commander';
import type { Config } from '../config.js';
import { lazyHandlers, type Action } from './action.js';

/** `arcadia forecast [--tenant T | --project P | --account A]` and `arcadia forecast accuracy PERIOD`. */
export function registerForecastCommands(program: Command, action: Action, config: () => Config): void {
  const run = lazyHandlers(async () => (await import('./forecast.js')).forecastActions(config));
  const forecast = program
    .command('forecast')
    .description("where this month lands: month to date plus what runs now until the month's end")
    .option('--tenant <tenant>', "one tenant's forecast, by resource and product")
    .option('--project <project>', "one project's (name or id)")
    .option('--account <account>', "one DO team's")
    .option('--json', 'print JSON')
    .action(action(run('show')));

  forecast
    .command('accuracy')
    .description("how far each day's forecast of a month was from its invoice, per team, tenant and project")
    .argument('<period>', 'YYYY-MM (its invoice stored)')
    .option('--json', 'print JSON')
    .action(action(run('accuracy')));
}
