import type { Command } from 'commander';
import type { Config } from '../config.js';
import { lazyHandlers, type Action } from './action.js';

/** `arcadia anomalies [--json] [--stats]`: the open spend anomalies, and what people made of them. */
export function registerAnomalyCommands(program: Command, action: Action, config: () => Config): void {
  const run = lazyHandlers(async () => (await import('./anomalies.js')).anomalyActions(config));
  program
    .command('anomalies')
    .description('open spend anomalies (from DO Billing Insights), the largest jump first')
    .option('--stats', 'also count how many were marked Expected, investigated or snoozed, to judge the thresholds')
    .option('--json', 'print JSON')
    .action(action(run('list')));
}
