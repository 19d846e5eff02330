import type { Command } from 'commander';
import type { Config } from '../config.js';
import { lazyHandlers, type Action } from './action.js';

export function registerProvisionCommands(program: Command, action: Action, config: () => Config): void {
  const run = lazyHandlers(async () => (await import('./provision.js')).provisionActions(config));
  program
    .command('provision')
    .description('plan, quote and request a stack from a blueprint (it waits for approval unless --approve)')
    .argument('<blueprint>', 'blueprint name (a file in ARCADIA_BLUEPRINTS_DIR)')
    .requiredOption('--tenant <tenant>', 'tenant the stack is for')
    .option(
      '--param <key=value>',
      'blueprint parameter (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--approve', 'approve it at once')
    .option('--wait', 'wait for the end; exit non-zero unless it succeeded')
    .option('--account <name>', 'the DO team (of ARCADIA_DO_ACCOUNTS) to create in (default: the first)')
    .option('--json', 'print JSON')
    .action(action(run('provision')));

  const saga = program.command('saga').description('provisioning sagas');
  saga
    .command('list')
    .option('--json', 'print JSON')
    .action(action(run('list')));
  saga
    .command('approve')
    .argument('<id>', 'saga id')
    .option('--wait', 'wait for the end, printing the outcome; exit non-zero unless it succeeded')
    .option('--json', 'print JSON')
    .action(action(run('approve')));
  for (const name of ['show', 'reject'] as const) {
    saga
      .command(name)
      .argument('<id>', 'saga id')
      .option('--json', 'print JSON')
      .action(action(run(name)));
  }

  program
    .command('deprovision')
    .description('tear down what a succeeded saga created, in reverse')
    .argument('<sagaId>', 'saga id')
    .option('--wait', 'wait for the end; exit non-zero unless deprovisioned')
    .option('--json', 'print JSON')
    .action(action(run('deprovision')));
}
