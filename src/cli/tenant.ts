import type { Command } from 'commander';
import type { Config } from '../config.js';
import type { Action } from './action.js';
import { listTenants, removeTenant, setTenant } from '../billing/tenant-store.js';
import type { TenantDefinition } from '../billing/tenant-definition.js';
import { ErrorCode, UsageError } from '../errors.js';
import { renderTable } from './render-table.js';
import { withRuntime } from './with-runtime.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function markup(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/%$/, ''));
  if (!/^\d+(\.\d{1,4})?%?$/.test(text) || !Number.isFinite(value))
    throw new UsageError(`--markup "${text}" is not a percentage; write e.g. 12.5`, ErrorCode.BillingUsage);
  return value;
}

/** `projects my-web-api · tags none · markup 10%`: a tenant on one line, as `tenant set` prints it before and after. */
function describeTenant(t: TenantDefinition): string {
  const list = (xs: string[]) => (xs.length ? xs.join(' ') : 'none');
  return `projects ${list(t.projects)} · tags ${list(t.tags)} · markup ${t.markupPct}%`;
}

interface TenantSetOptions {
  project?: string[];
  tag?: string[];
  markup?: string;
  legalName?: string;
  address: string[];
  taxId?: string;
  json?: boolean;
}

/** `arcadia tenant set|list|remove`: who the tenants are and which resources are theirs. */
export function registerTenantCommands(program: Command, action: Action, config: () => Config): void {
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
    .action(
      action(async (name: string, opts: TenantSetOptions) =>
        withRuntime(config(), async () => {
          const {
            tenant: saved,
            previous,
            warnings,
          } = await setTenant({
            name,
            projects: opts.project,
            tags: opts.tag,
            markupPct: markup(opts.markup),
            ...(opts.legalName !== undefined ? { legalName: opts.legalName } : {}),
            ...(opts.address.length ? { address: opts.address } : {}),
            ...(opts.taxId !== undefined ? { taxId: opts.taxId } : {}),
          });
          for (const w of warnings) console.error(`arcadia: warning: ${w}`);
          if (opts.json) console.log(JSON.stringify(saved));
          else if (!previous) console.log(`Created tenant ${saved.name}: ${describeTenant(saved)}.`);
          else
            console.log(
              `Changed tenant ${saved.name}:\n  before: ${describeTenant(previous)}\n  after:  ${describeTenant(saved)}`,
            );
          return 0;
        }),
      ),
    );

  tenant
    .command('list')
    .description('list the tenants')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { json?: boolean }) =>
        withRuntime(config(), async () => {
          const tenants = await listTenants();
          if (opts.json) console.log(JSON.stringify(tenants));
          else if (!tenants.length) console.log('No tenants yet; `arcadia tenant set NAME --project P` defines one.');
          else
            console.log(
              renderTable(
                ['TENANT', 'PROJECTS', 'TAGS', 'MARKUP'],
                tenants.map((t) => [t.name, t.projects.join(' '), t.tags.join(' '), `${t.markupPct}%`]),
              ),
            );
          return 0;
        }),
      ),
    );

  tenant
    .command('remove')
    .description('remove a tenant (its resources become shared)')
    .argument('<name>', 'tenant name')
    .action(
      action(async (name: string) =>
        withRuntime(config(), async () => {
          await removeTenant(name);
          console.log(`Removed tenant ${name}.`);
          return 0;
        }),
      ),
    );
}
