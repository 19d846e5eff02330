import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import type { TenantDefinition } from './tenant-definition.js';
import { taggedTenants } from './tenant-of.js';
import { findKindSpec } from '../sync/kinds/index.js';

/** What attribution needs of a stored resource. */
export interface AttributableResource {
  /** Its DO team; absent for the default one. */
  account?: string;
  kind: string;
  providerId: string;
  name?: string;
  tags: string[];
  projectId: string | null;
  attrs: Record<string, unknown>;
}

export type AttributionPath = 'tenant_tag' | 'tag' | 'project' | 'inherited';

export type Attribution =
  | { tenant: string; via: AttributionPath; from?: string }
  /** Two or more tenants claim the resource at the same level: it is shown, never silently given to one. */
  | { tenant: null; reason: 'tenant_conflict'; claimants: string[] };

/** How a tenant's `--project` entries (names or ids) resolve against the synced projects. */
export interface ResolvedProjects {
  /** Project id → tenants listing it. */
  byId: Map<string, string[]>;
  /** Project name → tenants listing it (for unmatched lines, which name their project). */
  byName: Map<string, string[]>;
}

/** `kind:id`, qualified by its DO team unless that is the default one (ids are unique within a team only). */
export const resourceRef = (kind: string, providerId: string, account?: string) =>
  account === undefined || account === DEFAULT_ACCOUNT ? `${kind}:${providerId}` : `${account}/${kind}:${providerId}`;

function push(map: Map<string, string[]>, key: string, tenant: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(tenant)) list.push(tenant);
  map.set(key, list);
}

/** An entry that is a synced project's id is that project; otherwise every project of that name. */
export function resolveProjects(
  tenants: readonly TenantDefinition[],
  projects: readonly { providerId: string; name: string }[],
): ResolvedProjects {
  const byId = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const t of tenants) {
    for (const entry of t.projects) {
      const exact = projects.find((p) => p.providerId === entry);
      const matched = exact ? [exact] : projects.filter((p) => p.name === entry);
      if (matched.length === 0) push(byName, entry, t.name);
      for (const p of matched) {
        push(byId, p.providerId, t.name);
        push(byName, p.name, t.name);
      }
    }
  }
  return { byId, byName };
}

type Claim = { tenants: string[]; via: Exclude<AttributionPath, 'inherited'> } | null;

/** The first level at which anything claims the resource, and who claims it there. */
function ownClaim(
  r: AttributableResource,
  known: Set<string>,
  tagOwners: Map<string, string[]>,
  projects: ResolvedProjects,
  prefix: string,
): Claim {
  const byTenantTag = taggedTenants(r.tags, prefix).filter((n) => known.has(n));
  if (byTenantTag.length) return { tenants: byTenantTag, via: 'tenant_tag' };
  const byTag = [...new Set(r.tags.flatMap((t) => tagOwners.get(t) ?? []))];
  if (byTag.length) return { tenants: byTag, via: 'tag' };
  const byProject = r.projectId ? (projects.byId.get(r.projectId) ?? []) : [];
  if (byProject.length) return { tenants: byProject, via: 'project' };
  return null;
}

/** The resource a backup or snapshot was taken from, when its kind records it (`parent` in its spec). */
export function sourceOf(r: AttributableResource): string | null {
  const parent = findKindSpec(r.kind)?.parent?.(r.attrs) ?? null;
  return parent ? resourceRef(parent.kind, parent.providerId, r.account) : null;
}

/**
 * Each resource's tenant, by (in order) its own tenant tag (`prefix` + name, the prefix being
 * ARCADIA_TENANT_TAG_PREFIX), a tag a tenant lists, or a project a tenant lists. A backup or
 * snapshot with no claim of its own inherits the tenant of the resource it was taken from. Stale resources keep the tags and project they last had, so they
 * keep their tenant. Resources no tenant claims are absent from the map.
 */
export function attributeResources(
  tenants: readonly TenantDefinition[],
  resources: readonly AttributableResource[],
  projects: ResolvedProjects,
  prefix: string,
): Map<string, Attribution> {
  const known = new Set(tenants.map((t) => t.name));
  const tagOwners = new Map<string, string[]>();
  for (const t of tenants) for (const tag of t.tags) push(tagOwners, tag, t.name);

  const out = new Map<string, Attribution>();
  const orphans: AttributableResource[] = [];
  for (const r of resources) {
    const claim = ownClaim(r, known, tagOwners, projects, prefix);
    const key = resourceRef(r.kind, r.providerId, r.account);
    if (!claim) {
      if (sourceOf(r)) orphans.push(r);
      continue;
    }
    out.set(
      key,
      claim.tenants.length === 1
        ? { tenant: claim.tenants[0]!, via: claim.via }
        : { tenant: null, reason: 'tenant_conflict', claimants: claim.tenants.sort() },
    );
  }
  for (const r of orphans) {
    const source = sourceOf(r)!;
    const inherited = out.get(source);
    if (!inherited) continue;
    out.set(
      resourceRef(r.kind, r.providerId, r.account),
      inherited.tenant === null ? inherited : { tenant: inherited.tenant, via: 'inherited', from: source },
    );
  }
  return out;
}
