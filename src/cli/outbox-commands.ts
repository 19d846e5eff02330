import type { Command } from 'commander';
import type { Config } from '../config.js';
import { lazyHandlers, type Action } from './action.js';

/** `arcadia outbox list|retry`: read and re-drive the Slack messages the outbox could not deliver. */
export function registerOutboxCommands(program: Command, action: Action, config: () => Config): void {
  const run = lazyHandlers(async () => (await import('./outbox.js')).outboxActions(config));
  const outbox = program
    .command('outbox')
    .description('Slack messages that could not be delivered (kept in the slack_outbox queue)');

  outbox
    .command('list')
    .description('show the kept messages: what, where, why it failed, and its text')
    .option('--json', 'print JSON (the full text of each message)')
    .action(action(run('list')));

  outbox
    .command('retry')
    .description(
      'send kept messages again (all, or the given ids), once the cause is fixed; `arcadia start` delivers them',
    )
    .argument('[ids...]', 'only these messages (ids from `outbox list`)')
    .option('--json', 'print JSON')
    .action(action(run('retry')));
}
