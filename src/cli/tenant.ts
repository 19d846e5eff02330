import type { Config } from '../config.js';
import { listTenants, removeTenant, setTenant } from '../billing/tenant-store.js';
import type { TenantDefinition } from '../billing/tenant-definition.js';
import { ErrorCode, UsageError } from '../errors.js';
import { renderTable } from './render-table.js';
import { withRuntime } from './with-runtime.js';

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

/** What the tenant commands do, loaded when one runs (src/cli/tenant-commands.ts defines them). */
export function tenantActions(config: () => Config) {
  return {
    set: async (name: string, opts: TenantSetOptions) =>
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
    list: async (opts: { json?: boolean }) =>
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
    remove: async (name: string) =>
      withRuntime(config(), async () => {
        await removeTenant(name);
        console.log(`Removed tenant ${name}.`);
        return 0;
      }),
  };
}
