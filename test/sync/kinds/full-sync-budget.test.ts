import { describe, expect, it } from 'vitest';
import { generatedAccount, sampleAccount } from '../../../testkit/digitalocean/account.js';
import { KIND_SPECS } from '../../../src/sync/kinds/index.js';
import { BACKUP_DETAIL_CALLS_PER_RUN } from '../../../src/sync/kinds/index.js';
import { isolation, testConfig } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const iso = isolation();
const h = kindHarness(iso);
const DROPLETS = 2000;

/** DO's limits: 5,000 requests an hour, 250 a minute. */
const PER_HOUR = 5000;
const PER_MINUTE = 250;

describe('rate budget: a 2,000-droplet account, every droplet backed up', () => {
  // Thousands of inserts on the test database: a generous limit, no timing asserted.
  it(
    'a full sync uses the minimum pages and stays inside DO limits at a 15-minute cadence',
    { timeout: 240_000 },
    async () => {
      const account = generatedAccount({
        droplets: DROPLETS,
        extra: { volumes: 150, snapshots: 350, reserved_ips: 40, firewalls: 10, load_balancers: 10 },
      });
      for (const d of account.droplets) {
        const id = Number(d.id);
        d.features = ['backups'];
        d.backup_ids = [id + 1_000_000_000];
        account.droplet_backups[String(id)] = [
          {
            id: id + 1_000_000_000,
            name: `node-${id} backup`,
            regions: ['nyc3'],
            size_gigabytes: 1.2,
            min_disk_size: 25,
            created_at: '2025-07-01T00:00:00Z',
            type: 'backup',
          },
        ];
      }
      const sample = sampleAccount();
      Object.assign(account, {
        projects: sample.projects,
        project_resources: sample.project_resources,
        databases: sample.databases,
        kubernetes_clusters: sample.kubernetes_clusters,
        apps: sample.apps,
        registry: sample.registry,
        registry_subscription: sample.registry_subscription,
        vpcs: sample.vpcs,
        vpc_nat_gateways: sample.vpc_nat_gateways,
        cdn_endpoints: sample.cdn_endpoints,
        certificates: sample.certificates,
        uptime_checks: sample.uptime_checks,
        reserved_ipv6s: sample.reserved_ipv6s,
        private_images: sample.private_images,
        functions_namespaces: sample.functions_namespaces,
      });
      h.standin.account = account;
      const config = testConfig(iso, h.spacesEnv());

      // A full sync as the queue runs it: a kind that follows another is handed that kind's run.
      const calls = async () => {
        const perKind: Record<string, number> = {};
        const runs = new Map<string, string>();
        for (const spec of KIND_SPECS) {
          const result = await h.sync(spec, {
            config,
            upstreamRunId: spec.follows ? runs.get(spec.follows) : undefined,
          });
          expect(result.status).toBe('succeeded');
          runs.set(spec.kind, result.runId);
          perKind[spec.kind] = result.apiCalls;
        }
        return perKind;
      };
      h.standin.resetCounts();
      const first = await calls();
      // The droplet listing is fetched once in the whole full sync: 10 pages of 200, plus 1 for GPU droplets.
      expect(h.standin.requestCount('/v2/droplets')).toBe(11);
      // Minimum pages at per_page=200: 2,000 droplets are 10 pages, plus 1 for GPU droplets; backups read them back.
      expect(first).toEqual({
        project: 2,
        droplet: 11,
        domain: 1,
        volume: 1,
        snapshot: 2,
        floating_ip: 1,
        firewall: 1,
        load_balancer: 1,
        managed_db: 1,
        kubernetes_cluster: 1,
        spaces_bucket: 0,
        droplet_backup: BACKUP_DETAIL_CALLS_PER_RUN,
        app: 1,
        container_registry: 2,
        vpc: 1,
        vpc_nat_gateway: 1,
        cdn_endpoint: 1,
        certificate: 1,
        uptime_check: 1,
        reserved_ipv6: 1,
        custom_image: 1,
        functions_namespace: 1,
      });
      // Every API call the stand-in saw (Spaces' S3 requests at `/` aside) is one a run counted.
      expect(h.standin.requestCount() - h.standin.requestCount('/')).toBe(
        Object.values(first).reduce((sum, n) => sum + n, 0),
      );
      const every15 = Object.entries(first)
        .filter(([k]) => k !== 'snapshot')
        .reduce((sum, [, n]) => sum + n, 0);
      // Even if every kind's calls of one run landed in the same minute.
      expect(every15 + first.snapshot!).toBeLessThanOrEqual(PER_MINUTE);
      expect(4 * every15 + first.snapshot!).toBeLessThanOrEqual(PER_HOUR);
    },
  );
});
