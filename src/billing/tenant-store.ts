import { Resource } from '../../models/resource.js';
import { Tenant } from '../../models/tenant.js';
import { ArcadiaError, ErrorCode } from '../errors.js';
import { nearestName } from '../nearest.js';
import { tenantDefinition, type TenantDefinition } from './tenant-definition.js';

/** A tenant definition that does not validate: the message says which field and how to fix it. */
export class TenantInvalidError extends ArcadiaError {
  override readonly userError = true;
  constructor(problems: string[]) {
    super(ErrorCode.TenantInvalid, `Tenant not saved: ${problems.join('; ')}`, { problems });
  }
}

/** No tenant has the name asked about; `known` (the tenant names) gives the nearest to a near miss. */
export class TenantNotFoundError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  readonly suggestion: string | undefined;
  constructor(
    readonly tenant: string,
    readonly known: readonly string[] = [],
  ) {
    const suggestion = nearestName(tenant, known);
    super(
      ErrorCode.TenantNotFound,
      `No tenant named "${tenant}"${suggestion ? `; did you mean "${suggestion}"?` : ';'} \`arcadia tenant list\` shows the tenants`,
      { name: tenant },
    );
    this.suggestion = suggestion;
  }

  /** In Slack: the command as it was meant, or the names there are. */
  override get sentence(): string {
    if (this.suggestion) return `No tenant named "${this.tenant}"; did you mean \`/cloud tenant ${this.suggestion}\`?`;
    if (!this.known.length) return `No tenant named "${this.tenant}": no tenants are defined yet.`;
    return `No tenant named "${this.tenant}". Tenants: ${this.known.join(', ')}.`;
  }
}

/** Every tenant, by name. */
export async function listTenants(): Promise<TenantDefinition[]> {
  const docs = await Tenant.find().lean();
  return docs.map(definitionOf).sort((a, b) => a.name.localeCompare(b.name));
}

/** A stored tenant as its definition: the statement fields only when set, so a tenant without them prints as before. */
function definitionOf(d: {
  _id: string;
  projects: string[];
  tags: string[];
  markupPct: number;
  legalName?: string | null;
  address?: string[] | null;
  taxId?: string | null;
}): TenantDefinition {
  return {
    name: d._id,
    projects: d.projects,
    tags: d.tags,
    markupPct: d.markupPct,
    ...(d.legalName ? { legalName: d.legalName } : {}),
    ...(d.address?.length ? { address: d.address } : {}),
    ...(d.taxId ? { taxId: d.taxId } : {}),
  };
}

/** One tenant's definition. */
export async function getTenant(name: string): Promise<TenantDefinition> {
  const doc = await Tenant.findById(name).lean();
  if (!doc) throw new TenantNotFoundError(name);
  return definitionOf(doc);
}

/**
 * Creates a tenant, or changes one: only the fields given change, the others keep what was stored
 * (`arcadia tenant set acme --project p` keeps acme's tags and markup). Projects and tags no synced
 * resource carries are accepted (the resources may not be synced yet, or not created yet) and
 * returned as warnings. `previous` is the tenant as it was (null when new).
 */
export async function setTenant(
  input: {
    name?: unknown;
    projects?: unknown;
    tags?: unknown;
    markupPct?: unknown;
    legalName?: unknown;
    address?: unknown;
    taxId?: unknown;
  },
  now: Date = new Date(),
): Promise<{ tenant: TenantDefinition; previous: TenantDefinition | null; warnings: string[]; replaced: boolean }> {
  const stored = typeof input.name === 'string' ? await Tenant.findById(input.name).lean() : null;
  const previous: TenantDefinition | null = stored
    ? {
        name: stored._id,
        projects: stored.projects,
        tags: stored.tags,
        markupPct: stored.markupPct,
        ...(stored.legalName ? { legalName: stored.legalName } : {}),
        ...(stored.address?.length ? { address: stored.address } : {}),
        ...(stored.taxId ? { taxId: stored.taxId } : {}),
      }
    : null;
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const parsed = tenantDefinition.safeParse({ ...previous, ...given });
  if (!parsed.success)
    throw new TenantInvalidError(parsed.error.issues.map((i) => `${i.path.join('.') || 'tenant'} ${i.message}`));
  const tenant = { ...parsed.data, projects: [...new Set(parsed.data.projects)], tags: [...new Set(parsed.data.tags)] };
  const warnings: string[] = [];
  for (const p of tenant.projects) {
    const known = await Resource.exists({ kind: 'project', $or: [{ providerId: p }, { name: p }] });
    if (!known) warnings.push(`no synced project is named or has the id "${p}"`);
  }
  for (const t of tenant.tags) {
    if (!(await Resource.exists({ tags: t }))) warnings.push(`no synced resource carries the tag "${t}"`);
  }
  // Statement fields neither given nor stored stay absent.
  const details = { legalName: tenant.legalName, address: tenant.address, taxId: tenant.taxId };
  const set = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
  const unset = Object.fromEntries(
    Object.entries(details)
      .filter(([, v]) => v === undefined)
      .map(([k]) => [k, 1]),
  );
  const result = await Tenant.updateOne(
    { _id: tenant.name },
    {
      $set: { projects: tenant.projects, tags: tenant.tags, markupPct: tenant.markupPct, updatedAt: now, ...set },
      ...(Object.keys(unset).length ? { $unset: unset } : {}),
    },
    { upsert: true },
  );
  return { tenant, previous, warnings, replaced: result.upsertedCount === 0 };
}

export async function removeTenant(name: string): Promise<void> {
  const result = await Tenant.deleteOne({ _id: name });
  if (result.deletedCount === 0)
    throw new TenantNotFoundError(
      name,
      (await listTenants()).map((t) => t.name),
    );
}
