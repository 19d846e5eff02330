import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Config } from './config.js';
import { repoPath } from './repo-path.js';
import { action } from './cli/action.js';
import { registerInvoiceCommands } from './cli/invoice-commands.js';
import { registerOutboxCommands } from './cli/outbox-commands.js';
import { registerProvisionCommands } from './cli/provision-commands.js';
import { registerTenantCommands } from './cli/tenant-commands.js';
import { registerBillingCommands } from './cli/billing-commands.js';
import { registerAnomalyCommands } from './cli/anomaly-commands.js';
import { registerBudgetCommands } from './cli/budget-commands.js';
import { registerForecastCommands } from './cli/forecast-commands.js';

// Only the command definitions load up front: a command's modules (and the configuration's schema,
// the logger) load when it runs, so `--help`, `--version` and each command pay for what they use.
let loadConfig: (() => Config) | undefined;
const config = (): Config => loadConfig!();

export function buildProgram(): Command {
  const { version } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
  const program = new Command('arcadia')
    .description('Chat-ops for a DigitalOcean team: inventory sync, invoice reconciliation, Slack alerts.')
    .version(version, '-V, --version')
    .option('-v, --verbose', 'log more (info for commands, debug for worker and start)')
    .showHelpAfterError();

  // Long-running processes log JSON at info for their operators; one-off commands stay quiet but for
  // warnings, so their output is what was asked for. ARCADIA_LOG_LEVEL overrides both.
  program.hook('preAction', async (_program, command) => {
    const service = command.name() === 'worker' || command.name() === 'start';
    const verbose = program.opts<{ verbose?: boolean }>().verbose === true;
    const level =
      process.env.ARCADIA_LOG_LEVEL || (service ? (verbose ? 'debug' : 'info') : verbose ? 'debug' : 'warn');
    const [{ createLogger, setLogger }, configModule] = await Promise.all([
      import('./logger.js'),
      import('./config.js'),
    ]);
    loadConfig = () => configModule.loadConfig();
    setLogger(createLogger(level));
  });

  program
    .command('start')
    .description(
      'run the Slack app, and in a supervised worker process the workers, the sync schedule and the monthly summary, until SIGTERM',
    )
    .option('--no-schedule', 'do not run the sync schedule in this process')
    .action(
      action(async (opts: { schedule: boolean }) =>
        (await import('./cli/start.js')).startCommand({ schedule: opts.schedule }, config()),
      ),
    );

  program
    .command('worker')
    .description('run the queue workers and the sync schedule until SIGTERM')
    .option('--no-schedule', 'do not run the cron schedule in this process')
    .option(
      '--slack',
      "also the Slack side: alerts, replies, invoice ingest, outbox delivery, monthly summary and waste digest (what `arcadia start`'s worker process runs)",
    )
    .action(
      action(async (opts: { schedule: boolean; slack?: boolean }) =>
        (await import('./cli/worker.js')).workerCommand(
          { schedule: opts.schedule, slack: opts.slack === true },
          config(),
        ),
      ),
    );

  program
    .command('sync')
    .description('sync resource kinds from DigitalOcean (all kinds when none is named)')
    .argument('[kinds...]', 'kinds to sync, or "all"')
    .option('--wait', 'wait for the runs and report them')
    .option('--json', 'print JSON')
    .option('--force', 'mark stale even when more than the guard ratio of a kind vanished at once')
    .option('--account <name>', 'sync one DO team of ARCADIA_DO_ACCOUNTS (default: every team)')
    .action(
      action(async (kinds: string[], opts: { wait?: boolean; json?: boolean; force?: boolean; account?: string }) =>
        (await import('./cli/sync.js')).syncCommand(kinds, opts, config()),
      ),
    );

  program
    .command('resources')
    .description('list the inventory')
    .option('--kind <kind>', 'only this kind')
    .addOption(new Option('--stale', 'only stale resources').conflicts('active'))
    .addOption(new Option('--active', 'only live resources').conflicts('stale'))
    .option('--account <name>', "only this DO team's (of ARCADIA_DO_ACCOUNTS)")
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { kind?: string; stale?: boolean; active?: boolean; account?: string; json?: boolean }) =>
        (await import('./cli/resources.js')).resourcesCommand(opts, config()),
      ),
    );

  program
    .command('waste')
    .description('what costs money for nothing, most expensive first, with the monthly total')
    .option('--json', 'print JSON')
    .option('--all', 'include acknowledged and snoozed findings')
    .action(
      action(async (opts: { json?: boolean; all?: boolean }) =>
        (await import('./cli/waste.js')).wasteCommand(opts, config()),
      ),
    );

  registerInvoiceCommands(program, action, config);
  registerOutboxCommands(program, action, config);
  registerProvisionCommands(program, action, config);
  registerTenantCommands(program, action, config);
  registerBillingCommands(program, action, config);
  registerAnomalyCommands(program, action, config);
  registerBudgetCommands(program, action, config);
  registerForecastCommands(program, action, config);

  return program;
}

await buildProgram().parseAsync(process.argv);
