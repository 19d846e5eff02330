import { Resource } from '../../models/resource.js';
import { Tenant } from '../../models/tenant.js';
import { ArcadiaError, ErrorCode } from '../errors.js';
import { tenantDefinition, type TenantDefinition } from './tenant-definition.js';

/** A tenant definition that does not validate: the message says which field and how to fix it. */
export class TenantInvalidError extends ArcadiaError {
  constructor(problems: string[]) {
    super(ErrorCode.TenantInvalid, `Tenant not saved: ${problems.join('; ')}`, { problems });
  }
}

export class TenantNotFoundError extends ArcadiaError {
  constructor(name: string) {
    super(ErrorCode.TenantNotFound, `No tenant named "${name}"; \`arcadia tenant list\` shows the tenants`, { name });
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
 * Creates or replaces a tenant. Projects and tags no synced resource carries are accepted (the
 * resources may not be synced yet, or not created yet) and returned as warnings.
 */
export async function setTenant(
  input: unknown,
  now: Date = new Date(),
): Promise<{ tenant: TenantDefinition; warnings: string[]; replaced: boolean }> {
  const parsed = tenantDefinition.safeParse(input);
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
  // A replacement: statement fields not given are removed, as projects and tags not given are.
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
  return { tenant, warnings, replaced: result.upsertedCount === 0 };
}

export async function removeTenant(name: string): Promise<void> {
  const result = await Tenant.deleteOne({ _id: name });
  if (result.deletedCount === 0) throw new TenantNotFoundError(name);
}
