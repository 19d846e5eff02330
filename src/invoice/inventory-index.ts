import { Resource, type ResourceKind } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';

/** What matching and the "running but not billed" check need of a resource. */
export interface IndexedResource {
  kind: ResourceKind;
  providerId: string;
  name: string;
  region: string | null;
  projectId: string | null;
  status: string | null;
  tags: string[];
  stale: boolean;
  staleSince: Date | null;
  firstSeenAt: Date;
  attrs: { created_at?: unknown; backups_enabled?: unknown; droplet_id?: unknown; resource_type?: unknown };
}

/** Fields read from the resources collection: attrs only where they inform matching, so 20,000 resources stay small. */
export const INDEX_PROJECTION = {
  _id: 0,
  kind: 1,
  providerId: 1,
  name: 1,
  region: 1,
  projectId: 1,
  status: 1,
  tags: 1,
  stale: 1,
  staleSince: 1,
  firstSeenAt: 1,
  'attrs.created_at': 1,
  'attrs.backups_enabled': 1,
  'attrs.droplet_id': 1,
  'attrs.resource_type': 1,
  // Apps made only of static sites are free (src/sync/kinds/app.ts).
  'attrs.static_only': 1,
} as const;

/** Inventory held in memory for matching: by kind and id, by kind and name, and project ids by project name. */
export class InventoryIndex {
  private readonly byKey = new Map<string, IndexedResource>();
  private readonly byName = new Map<string, IndexedResource[]>();
  private readonly projectIds = new Map<string, string[]>();

  /** @param surfaces kinds Arcadia lists: a line of any other kind cannot be matched, only explained. */
  constructor(
    resources: Iterable<IndexedResource>,
    readonly surfaces: ReadonlySet<string>,
  ) {
    for (const r of resources) this.add(r);
  }

  add(r: IndexedResource): void {
    const key = `${r.kind}:${r.providerId}`;
    if (this.byKey.has(key)) return;
    this.byKey.set(key, r);
    if (r.name) {
      const nameKey = `${r.kind}\u0000${r.name}`;
      const list = this.byName.get(nameKey);
      if (list) list.push(r);
      else this.byName.set(nameKey, [r]);
    }
    if (r.kind === 'project' && r.name) {
      const ids = this.projectIds.get(r.name);
      if (ids) ids.push(r.providerId);
      else this.projectIds.set(r.name, [r.providerId]);
    }
  }

  byId(kind: string, providerId: string): IndexedResource | undefined {
    return this.byKey.get(`${kind}:${providerId}`);
  }

  named(kind: string, name: string): IndexedResource[] {
    return this.byName.get(`${kind}\u0000${name}`) ?? [];
  }

  projectIdsNamed(name: string): string[] {
    return this.projectIds.get(name) ?? [];
  }

  all(): IterableIterator<IndexedResource> {
    return this.byKey.values();
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** Kinds with an inventory in an account: any stored resource of the kind, or a completed sync of it (which may have found none). */
export async function inventorySurfaces(account: string = DEFAULT_ACCOUNT): Promise<Set<string>> {
  const [stored, synced] = await Promise.all([
    Resource.distinct('kind', { account }),
    SyncRun.distinct('kind', { account, status: { $in: ['succeeded', 'suspicious'] } }),
  ]);
  return new Set([...stored, ...synced].map(String));
}

/**
 * An account's whole inventory in two queries: matching then costs no database round trip per line.
 * An invoice bills one DO team, so its lines are matched against that team's resources only (two
 * teams may hold a droplet with the same id).
 */
export async function loadInventoryIndex(account: string = DEFAULT_ACCOUNT): Promise<InventoryIndex> {
  const [resources, surfaces] = await Promise.all([
    Resource.find({ account }, INDEX_PROJECTION).lean<IndexedResource[]>(),
    inventorySurfaces(account),
  ]);
  return new InventoryIndex(resources.map(withDefaults), surfaces);
}

export function withDefaults(r: IndexedResource): IndexedResource {
  return {
    ...r,
    name: r.name ?? '',
    region: r.region ?? null,
    projectId: r.projectId ?? null,
    status: r.status ?? null,
    tags: r.tags ?? [],
    stale: r.stale ?? false,
    staleSince: r.staleSince ?? null,
    attrs: r.attrs ?? {},
  };
}
