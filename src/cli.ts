import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { loadConfig } from './config.js';
import { createLogger, setLogger } from './logger.js';
import { repoPath } from './repo-path.js';
import { action } from './cli/action.js';
import { syncCommand } from './cli/sync.js';
import { resourcesCommand } from './cli/resources.js';
import { wasteCommand } from './cli/waste.js';
import { workerCommand } from './cli/worker.js';
import { startCommand } from './cli/start.js';
import { registerInvoiceCommands } from './cli/invoice.js';
import { registerOutboxCommands } from './cli/outbox.js';
import { registerProvisionCommands } from './cli/provision.js';
import { registerTenantCommands } from './cli/tenant.js';
import { registerBillingCommands } from './cli/billing.js';

export function buildProgram(): Command {
  const { version } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
  const program = new Command('arcadia')
    .description('Chat-ops for a DigitalOcean team: inventory sync, invoice reconciliation, Slack alerts.')
    .version(version, '-V, --version')
    .option('-v, --verbose', 'log more (info for commands, debug for worker and start)')
    .showHelpAfterError();

  // Long-running processes log JSON at info for their operators; one-off commands stay quiet but for
  // warnings, so their output is what was asked for. ARCADIA_LOG_LEVEL overrides both.
  program.hook('preAction', (_program, command) => {
    const service = command.name() === 'worker' || command.name() === 'start';
    const verbose = program.opts<{ verbose?: boolean }>().verbose === true;
    const level =
      process.env.ARCADIA_LOG_LEVEL || (service ? (verbose ? 'debug' : 'info') : verbose ? 'debug' : 'warn');
    setLogger(createLogger(level));
  });

  program
    .command('start')
    .description(
      'run the Slack app, and in a supervised worker process the workers, the sync schedule and the monthly summary, until SIGTERM',
    )
    .option('--no-schedule', 'do not run the sync schedule in this process')
    .action(action((opts: { schedule: boolean }) => startCommand({ schedule: opts.schedule }, loadConfig())));

  program
    .command('worker')
    .description('run the queue workers and the sync schedule until SIGTERM')
    .option('--no-schedule', 'do not run the cron schedule in this process')
    .option(
      '--slack',
      "also the Slack side: alerts, replies, invoice ingest, outbox delivery, monthly summary and waste digest (what `arcadia start`'s worker process runs)",
    )
    .action(
      action((opts: { schedule: boolean; slack?: boolean }) =>
        workerCommand({ schedule: opts.schedule, slack: opts.slack === true }, loadConfig()),
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
      action((kinds: string[], opts: { wait?: boolean; json?: boolean; force?: boolean; account?: string }) =>
        syncCommand(kinds, opts, loadConfig()),
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
      action((opts: { kind?: string; stale?: boolean; active?: boolean; account?: string; json?: boolean }) =>
        resourcesCommand(opts, loadConfig()),
      ),
    );

  program
    .command('waste')
    .description('what costs money for nothing, most expensive first, with the monthly total')
    .option('--json', 'print JSON')
    .option('--all', 'include acknowledged and snoozed findings')
    .action(action((opts: { json?: boolean; all?: boolean }) => wasteCommand(opts, loadConfig())));

  registerInvoiceCommands(program, action, () => loadConfig());
  registerOutboxCommands(program, action, () => loadConfig());
  registerProvisionCommands(program, action, () => loadConfig());
  registerTenantCommands(program, action, () => loadConfig());
  registerBillingCommands(program, action, () => loadConfig());

  return program;
}

await buildProgram().parseAsync(process.argv);
