import { readFileSync } from 'node:fs';
import { repoPath } from '../../src/repo-path.js';
import type { KindSpec } from '../../src/sync/kind-spec.js';
import * as kinds from '../../src/sync/kinds/index.js';

/** Raw DO objects, as DO returns them, keyed the way the stand-in serves them. */
export type RawObject = Record<string, unknown>;

export interface DoAccount {
  /** `GET /v2/account`: the team's limits (`droplet_limit`) and standing. */
  account: RawObject;
  /** `GET /v2/sizes`: each size's prices, the regions it is offered in and whether it can be created now. */
  sizes: RawObject[];
  droplets: RawObject[];
  /** Listed only with `type=gpus`, as DO does. */
  gpu_droplets: RawObject[];
  domains: RawObject[];
  volumes: RawObject[];
  snapshots: RawObject[];
  reserved_ips: RawObject[];
  firewalls: RawObject[];
  load_balancers: RawObject[];
  projects: RawObject[];
  /** Resources per project id. */
  project_resources: Record<string, RawObject[]>;
  /** Backups per droplet id. */
  droplet_backups: Record<string, RawObject[]>;
  databases: RawObject[];
  kubernetes_clusters: RawObject[];
  apps: RawObject[];
  /** The account's container registry (`/v2/registry`), or null for none (DO then answers 404). */
  registry: RawObject | null;
  registry_subscription: RawObject | null;
  vpcs: RawObject[];
  vpc_nat_gateways: RawObject[];
  cdn_endpoints: RawObject[];
  certificates: RawObject[];
  uptime_checks: RawObject[];
  reserved_ipv6s: RawObject[];
  /** Every image the account owns (`/v2/images?private=true`): snapshots and backups as well as custom ones. */
  private_images: RawObject[];
  functions_namespaces: RawObject[];
  /** Spaces buckets per region, served by the S3 ListBuckets stand-in. */
  spaces_buckets: Record<string, { Name: string; CreationDate: string }[]>;
  invoices: RawObject[];
  invoice_preview: RawObject | null;
  /**
   * `GET /v2/customers/my/balance`, DO's shape: `month_to_date_balance`, `account_balance`,
   * `month_to_date_usage` (decimal strings) and `generated_at`.
   */
  balance: RawObject;
  /** Invoice items per invoice uuid. */
  invoice_items: Record<string, RawObject[]>;
  invoice_summaries: Record<string, RawObject>;
  invoice_csv: Record<string, string>;
  billing_history: RawObject[];
}

function fixture<T = RawObject>(name: string): T {
  return JSON.parse(readFileSync(repoPath('fixtures', 'digitalocean', name), 'utf8')) as T;
}

/** A kind's stand-in sample: the objects its fixture lists under its own endpoint's key (both from its spec). */
function sample(spec: KindSpec, key = spec.endpoints[0]!.key): RawObject[] {
  return fixture<Record<string, RawObject[]>>(spec.standin.fixture!)[key]!;
}

export function fixtureText(name: string): string {
  return readFileSync(repoPath('fixtures', 'digitalocean', name), 'utf8');
}

/** DO's sizes with their list prices (USD); each is offered in every region the stand-in knows. */
export function standinSizes(): RawObject[] {
  return [
    size('s-1vcpu-1gb', 1024, 1, 25, 1, 6, 0.00893),
    size('s-1vcpu-2gb', 2048, 1, 50, 2, 12, 0.01786),
    size('s-2vcpu-2gb', 2048, 2, 60, 3, 18, 0.02679),
    size('s-2vcpu-4gb', 4096, 2, 80, 4, 24, 0.03571),
    size('s-4vcpu-8gb', 8192, 4, 160, 5, 48, 0.07143),
    size('s-8vcpu-16gb', 16384, 8, 320, 6, 96, 0.14286),
  ];
}

function size(
  slug: string,
  memory: number,
  vcpus: number,
  disk: number,
  transfer: number,
  monthly: number,
  hourly: number,
): RawObject {
  return {
    slug,
    memory,
    vcpus,
    disk,
    transfer,
    price_monthly: monthly,
    price_hourly: hourly,
    regions: ['ams3', 'blr1', 'fra1', 'lon1', 'nyc1', 'nyc3', 'sfo3', 'sgp1', 'syd1', 'tor1'],
    available: true,
    description: 'Basic',
  };
}

/** The team as `GET /v2/account` shows it (DoTs `account.get` example): 25 droplets at most. */
export function standinAccountInfo(): RawObject {
  return {
    droplet_limit: 25,
    floating_ip_limit: 5,
    email: 'ops@example.com',
    name: 'Arcadia Ops',
    uuid: 'b6fr89dbf6d9156cace5f3c78dc9851d957381ef',
    email_verified: true,
    status: 'active',
    status_message: '',
    team: { uuid: '5df3e3004a17e242b7c20ca6c9fc25b701a47ece', name: 'Arcadia' },
  };
}

export function emptyAccount(): DoAccount {
  return {
    account: standinAccountInfo(),
    sizes: standinSizes(),
    droplets: [],
    gpu_droplets: [],
    domains: [],
    volumes: [],
    snapshots: [],
    reserved_ips: [],
    firewalls: [],
    load_balancers: [],
    projects: [],
    project_resources: {},
    droplet_backups: {},
    databases: [],
    kubernetes_clusters: [],
    apps: [],
    registry: null,
    registry_subscription: null,
    vpcs: [],
    vpc_nat_gateways: [],
    cdn_endpoints: [],
    certificates: [],
    uptime_checks: [],
    reserved_ipv6s: [],
    private_images: [],
    functions_namespaces: [],
    spaces_buckets: {},
    invoices: [],
    invoice_preview: null,
    balance: {
      month_to_date_balance: '0.00',
      account_balance: '0.00',
      month_to_date_usage: '0.00',
      generated_at: '2025-07-01T00:00:00Z',
    },
    invoice_items: {},
    invoice_summaries: {},
    invoice_csv: {},
    billing_history: [],
  };
}

const SAMPLE_INVOICE_UUID = '22737513-0ea7-4206-8ceb-98a575af7681';
const SAMPLE_PROJECT_ID = '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679';

/** The consistent fictional account of `fixtures/digitalocean/` (inventory as of 2025-07-05, June 2025 invoice). */
export function sampleAccount(): DoAccount {
  const summary = fixture('invoice_summary.json');
  const invoices = fixture<{ invoices: RawObject[]; invoice_preview: RawObject }>('invoices.json');
  return {
    ...emptyAccount(),
    droplets: sample(kinds.droplet),
    domains: sample(kinds.domain),
    volumes: sample(kinds.volume),
    snapshots: sample(kinds.snapshot),
    reserved_ips: sample(kinds.floatingIp),
    firewalls: sample(kinds.firewall),
    load_balancers: sample(kinds.loadBalancer),
    projects: sample(kinds.project),
    project_resources: { [SAMPLE_PROJECT_ID]: fixture<{ resources: RawObject[] }>('project_resources.json').resources },
    droplet_backups: { '3164444': sample(kinds.dropletBackup, 'backups') },
    databases: sample(kinds.managedDb),
    kubernetes_clusters: sample(kinds.kubernetesCluster),
    apps: sample(kinds.app),
    registry: fixture<{ registry: RawObject }>('registry.json').registry,
    registry_subscription: fixture<{ subscription: RawObject }>('registry_subscription.json').subscription,
    vpcs: sample(kinds.vpc),
    vpc_nat_gateways: sample(kinds.vpcNatGateway),
    cdn_endpoints: sample(kinds.cdnEndpoint),
    certificates: sample(kinds.certificate),
    uptime_checks: sample(kinds.uptimeCheck),
    reserved_ipv6s: sample(kinds.reservedIpv6),
    private_images: sample(kinds.customImage),
    functions_namespaces: sample(kinds.functionsNamespace),
    spaces_buckets: { nyc3: [{ Name: 'my-website-assets', CreationDate: '2024-03-01T10:00:00.000Z' }] },
    // The fixture is page 1 of 4; the stand-in serves what it holds and paginates it itself.
    invoices: invoices.invoices,
    invoice_preview: invoices.invoice_preview,
    // Rebuilt later than the preview (06:31:50): 84 cents of usage since, not yet itemized.
    balance: fixture('balance.json'),
    // DO serves the month-to-date preview's items under the keyword `preview` in place of a uuid.
    invoice_items: {
      [SAMPLE_INVOICE_UUID]: fixture<{ invoice_items: RawObject[] }>('invoice_items.json').invoice_items,
      preview: fixture<{ invoice_items: RawObject[] }>('invoice_preview_items.json').invoice_items,
    },
    invoice_summaries: { [SAMPLE_INVOICE_UUID]: summary },
    invoice_csv: { [SAMPLE_INVOICE_UUID]: fixtureText('invoice.csv') },
    billing_history: fixture<{ billing_history: RawObject[] }>('billing_history.json').billing_history,
  };
}

export interface GeneratedAccountOptions {
  droplets?: number;
  gpuDroplets?: number;
  domains?: number;
  /** Resource counts for other collections, e.g. `{ volumes: 1000 }`. */
  extra?: Partial<Record<'volumes' | 'snapshots' | 'reserved_ips' | 'firewalls' | 'load_balancers', number>>;
  /** First droplet id; ids count up from it. @defaultValue 100000000 */
  firstDropletId?: number;
}

const REGIONS = ['nyc1', 'nyc3', 'sfo3', 'ams3', 'fra1', 'lon1', 'sgp1'];

/** A droplet shaped like DO's, lean enough that an account of 100,000 stays small in memory. */
export function makeDroplet(id: number, overrides: RawObject = {}): RawObject {
  const region = REGIONS[id % REGIONS.length]!;
  return {
    id,
    name: `node-${id}`,
    memory: 1024,
    vcpus: 1,
    disk: 25,
    locked: false,
    status: 'active',
    created_at: '2025-01-15T10:00:00Z',
    features: ['monitoring'],
    backup_ids: [],
    next_backup_window: null,
    snapshot_ids: [],
    image: { id: 191457505, name: '24.04 (LTS) x64', distribution: 'Ubuntu', slug: 'ubuntu-24-04-x64', type: 'base' },
    volume_ids: [],
    size: { slug: 's-1vcpu-1gb', memory: 1024, vcpus: 1, disk: 25, price_monthly: 6, price_hourly: 0.00893 },
    size_slug: 's-1vcpu-1gb',
    networks: {
      v4: [
        {
          ip_address: `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`,
          netmask: '255.255.0.0',
          gateway: 'nil',
          type: 'private',
        },
      ],
      v6: [],
    },
    region: { name: region.toUpperCase(), slug: region, features: [], available: true, sizes: [] },
    tags: [`team:${id % 5}`],
    vpc_uuid: '760e09ef-dc84-11e8-981e-3cfdfeaae000',
    ...overrides,
  };
}

/** An account of any size for scale tests and benchmarks. */
export function generatedAccount(options: GeneratedAccountOptions = {}): DoAccount {
  const first = options.firstDropletId ?? 100_000_000;
  const account = emptyAccount();
  account.droplets = Array.from({ length: options.droplets ?? 0 }, (_, i) => makeDroplet(first + i));
  account.gpu_droplets = Array.from({ length: options.gpuDroplets ?? 0 }, (_, i) =>
    makeDroplet(first + (options.droplets ?? 0) + i, {
      size_slug: 'gpu-h100x1-80gb',
      gpu_info: { count: 1, model: 'nvidia_h100' },
    }),
  );
  account.domains = Array.from({ length: options.domains ?? 0 }, (_, i) => ({
    name: `site-${i}.example.com`,
    ttl: 1800,
    zone_file: null,
  }));
  for (const [key, n] of Object.entries(options.extra ?? {})) {
    (account as unknown as Record<string, RawObject[]>)[key] = Array.from({ length: n }, (_, i) =>
      generatedItem(key, i),
    );
  }
  return account;
}

function generatedItem(key: string, i: number): RawObject {
  const region = { slug: REGIONS[i % REGIONS.length], name: 'Region' };
  const uuid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  switch (key) {
    case 'volumes':
      return {
        id: uuid,
        name: `vol-${i}`,
        region,
        size_gigabytes: 10,
        droplet_ids: [],
        tags: [],
        filesystem_type: 'ext4',
        created_at: '2025-01-01T00:00:00Z',
      };
    case 'snapshots':
      return {
        id: String(900_000_000 + i),
        name: `snap-${i}`,
        regions: [region.slug],
        resource_id: String(100_000_000 + i),
        resource_type: 'droplet',
        min_disk_size: 25,
        size_gigabytes: 2.5,
        tags: null,
        created_at: '2025-01-01T00:00:00Z',
      };
    case 'reserved_ips':
      return { ip: `203.0.${(i >> 8) & 255}.${i & 255}`, region, droplet: null, locked: false, project_id: null };
    case 'firewalls':
      return {
        id: uuid,
        name: `fw-${i}`,
        status: 'succeeded',
        droplet_ids: [],
        tags: [],
        inbound_rules: [],
        outbound_rules: [],
        created_at: '2025-01-01T00:00:00Z',
      };
    case 'load_balancers':
      return {
        id: uuid,
        name: `lb-${i}`,
        region,
        ip: `198.51.100.${i & 255}`,
        status: 'active',
        algorithm: 'round_robin',
        forwarding_rules: [],
        droplet_ids: [],
        tag: '',
        created_at: '2025-01-01T00:00:00Z',
      };
    default:
      throw new Error(`no generator for ${key}`);
  }
}

/** A DNS record as DO's `GET /v2/domains/{domain}/records` lists it, for a domain of a stand-in account. */
export function domainRecord(
  type: string,
  name: string,
  data: string,
  id = Math.floor(Math.random() * 1e6),
): RawObject {
  return { id, type, name, data, priority: null, port: null, ttl: 1800, weight: null, flags: null, tag: null };
}
