import { Resource, resourceKey, type ResourceKind } from '../../models/resource.js';
import { InvoiceLine } from '../../models/invoice-line.js';

export interface SeedResource {
  kind: ResourceKind;
  providerId: string;
  name?: string;
  region?: string | null;
  projectId?: string | null;
  status?: string | null;
  tags?: string[];
  stale?: boolean;
  staleSince?: Date | null;
  attrs?: Record<string, unknown>;
  firstSeenAt?: Date;
}

/** Inserts resources as the sync engine stores them (same `_id`), in one command. */
export async function seedResources(resources: SeedResource[]): Promise<void> {
  const now = new Date();
  await Resource.collection.insertMany(
    resources.map((r) => ({
      _id: resourceKey(r.kind, r.providerId),
      provider: 'digitalocean',
      account: 'default',
      kind: r.kind,
      providerId: r.providerId,
      name: r.name ?? '',
      region: r.region ?? null,
      status: r.status ?? null,
      tags: r.tags ?? [],
      projectId: r.projectId ?? null,
      attrs: r.attrs ?? {},
      fingerprint: 'seed',
      firstSeenAt: r.firstSeenAt ?? now,
      lastSeenAt: now,
      lastSyncRunId: 'seed',
      stale: r.stale ?? false,
      staleSince: r.stale ? (r.staleSince ?? now) : null,
    })) as never[],
  );
}

const PROJECT_WEB = '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679';
const PROJECT_DEFAULT = 'addb4547-6bab-419a-8542-76263a033cf6';

/**
 * The fixture account's inventory as the kinds store it (ids, names, created_at), with old-worker
 * deleted last week (stale) and no app or registry kind: enough for every match path on basic.csv / items.json.
 */
export function sampleInventory(): SeedResource[] {
  const created = (at: string) => ({ created_at: at });
  const list: SeedResource[] = [
    { kind: 'project', providerId: PROJECT_WEB, name: 'my-web-api' },
    { kind: 'project', providerId: PROJECT_DEFAULT, name: 'Default' },
    {
      kind: 'droplet',
      providerId: '3164444',
      name: 'example.com',
      region: 'nyc3',
      projectId: PROJECT_WEB,
      attrs: { ...created('2020-07-21T18:37:44Z'), backups_enabled: true },
    },
    {
      kind: 'droplet',
      providerId: '3164459',
      name: 'assets.example.com',
      region: 'nyc3',
      projectId: PROJECT_WEB,
      attrs: created('2020-07-21T18:42:27Z'),
    },
    {
      kind: 'droplet',
      providerId: '3164412',
      name: 'stage.example.com',
      region: 'nyc3',
      projectId: PROJECT_DEFAULT,
      attrs: created('2020-07-21T18:32:55Z'),
    },
    {
      kind: 'droplet',
      providerId: '200776916',
      name: 'old-worker',
      region: 'nyc3',
      projectId: PROJECT_WEB,
      stale: true,
      attrs: { ...created('2024-01-01T00:00:00Z'), backups_enabled: true },
    },
    {
      kind: 'droplet',
      providerId: '205545370',
      name: 'adoring-newton-3niq',
      region: 'nyc1',
      tags: ['k8s', 'k8s:worker'],
      attrs: created('2018-11-15T16:00:11Z'),
    },
    {
      kind: 'droplet_backup',
      providerId: '53893572',
      name: 'example.com- 2025-06-23',
      attrs: { droplet_id: '3164444', created_at: '2025-06-23T01:44:35Z' },
    },
    {
      kind: 'snapshot',
      providerId: '67512819',
      name: 'example.com-1595954862243',
      attrs: { resource_type: 'droplet', created_at: '2020-07-28T16:47:44Z' },
    },
    {
      kind: 'snapshot',
      providerId: '6372321',
      name: 'old-worker-1730542500112',
      attrs: { resource_type: 'droplet', created_at: '2024-11-02T10:15:00Z' },
    },
    {
      kind: 'snapshot',
      providerId: '8eb4d51a-873f-11e6-96bf-000f53315a41',
      name: 'stage-data-1601492172000',
      attrs: { resource_type: 'volume' },
    },
    {
      kind: 'snapshot',
      providerId: 'fbe805e8-866b-11e6-96bf-000f53315a41',
      name: 'scratch-1748649600000',
      attrs: { resource_type: 'volume' },
    },
    {
      kind: 'volume',
      providerId: '506f78a4-e098-11e5-ad9f-000f53306ae1',
      name: 'assets-data',
      region: 'nyc3',
      projectId: PROJECT_WEB,
    },
    {
      kind: 'volume',
      providerId: '7724db7c-e098-11e5-b522-000f53304e51',
      name: 'stage-data',
      region: 'nyc3',
      projectId: PROJECT_DEFAULT,
    },
    {
      kind: 'volume',
      providerId: '506f78a4-e098-11e5-ad9f-000f53305eb2',
      name: 'example',
      region: 'nyc1',
      projectId: PROJECT_DEFAULT,
    },
    {
      kind: 'load_balancer',
      providerId: '4de7ac8b-495b-4884-9a69-1050c6793cd6',
      name: 'example-lb-01',
      region: 'nyc3',
      projectId: PROJECT_WEB,
    },
    {
      kind: 'load_balancer',
      providerId: '56775c3f-04ab-4fb3-a7ed-40ef9bc8eece',
      name: 'prod-web-lb-01',
      region: 'nyc3',
      projectId: PROJECT_WEB,
    },
    {
      kind: 'floating_ip',
      providerId: '45.55.96.47',
      name: '45.55.96.47',
      region: 'nyc3',
      status: 'assigned',
      attrs: { droplet_id: '3164444' },
    },
    {
      kind: 'floating_ip',
      providerId: '45.55.96.50',
      name: '45.55.96.50',
      region: 'nyc3',
      status: 'unassigned',
      attrs: { droplet_id: null },
    },
    {
      kind: 'managed_db',
      providerId: '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30',
      name: 'backend',
      region: 'nyc3',
      projectId: PROJECT_WEB,
    },
    {
      kind: 'kubernetes_cluster',
      providerId: 'bd5f5959-5e1e-4205-a714-a914373942af',
      name: 'prod-cluster-01',
      region: 'nyc1',
      projectId: PROJECT_WEB,
    },
    {
      kind: 'firewall',
      providerId: 'bb4b2611-3d72-467b-8602-280330ecd65c',
      name: 'firewall',
      attrs: created('2017-05-23T21:24:00Z'),
    },
    { kind: 'domain', providerId: 'example.com', name: 'example.com' },
  ];
  // Known to Arcadia since before the June 2025 invoice.
  return list.map((r) => ({ firstSeenAt: new Date('2025-01-01T00:00:00Z'), ...r }));
}

/** Lines stored across every generation: proves a re-ingest replaced rather than added. */
export async function storedLineCount(): Promise<number> {
  return InvoiceLine.countDocuments({});
}
