import type { Command } from 'commander';
import type { Config } from '../config.js';
import { lazyHandlers, type Action } from './action.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `arcadia tenant set|list|remove`: who the tenants are and which resources are theirs. */
export function registerTenantCommands(program: Command, action: Action, config: () => Config): void {
  const run = lazyHandlers(async () => (await import('./tenant.js')).tenantActions(config));
  const tenant = program
    .command('tenant')
    .description('define tenants: the projects and tags that mark their resources');

  tenant
    .command('set')
    .description('create a tenant, or change the fields given (the others keep their stored values)')
    .argument('<name>', 'tenant name (lower case; the DO tag tenant:<name> also marks its resources)')
    .option('--project <project>', 'a DO project name or id (repeatable; replaces the stored projects)', collect)
    .option('--tag <tag>', 'a DO tag (repeatable; replaces the stored tags)', collect)
    .option('--markup <pct>', 'percent added on top of direct and shared cost')
    .option('--legal-name <name>', 'who its PDF statements are addressed to (default: the tenant name)')
    .option('--address <line>', 'a line of its postal address, for its statements (repeatable, in order)', collect, [])
    .option('--tax-id <id>', 'its tax id (VAT, GST, ABN, EIN …), printed on its statements')
    .option('--json', 'print JSON')
    .action(action(run('set')));

  tenant
    .command('list')
    .description('list the tenants')
    .option('--json', 'print JSON')
    .action(action(run('list')));

  tenant
    .command('remove')
    .description('remove a tenant (its resources become shared)')
    .argument('<name>', 'tenant name')
    .action(action(run('remove')));
}
