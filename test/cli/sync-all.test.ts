import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { SYNC_KINDS } from '../../src/sync/kinds/index.js';
import { isolation, testEnv } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';

const iso = isolation();
const standin = new DoStandin(sampleAccount());
let env: Record<string, string>;

beforeAll(async () => {
  await standin.start();
  env = testEnv(iso, {
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_SPACES_KEY: standin.spacesKey,
    ARCADIA_SPACES_SECRET: 'standin-secret',
    ARCADIA_SPACES_ENDPOINT: standin.url,
    ARCADIA_SPACES_REGIONS: 'nyc3,ams3',
  });
});
afterAll(() => standin.stop());

type Run = { kind: string; status: string; listed: number; created: number; apiCalls: number; notes?: string[] };
type View = {
  kind: string;
  providerId: string;
  name: string;
  region: string | null;
  status: string | null;
  projectId: string | null;
  attrs: Record<string, unknown>;
};

async function resources(kind: string): Promise<View[]> {
  const { code, stdout } = await runCli(['resources', '--kind', kind, '--json'], env);
  expect(code).toBe(0);
  return JSON.parse(stdout) as View[];
}

describe('arcadia sync all against the sample account', () => {
  it('lists every kind with its count, then shows normalized fields and project ids', async () => {
    const { code, stdout } = await runCli(['sync', 'all', '--wait', '--json'], env);
    expect(code).toBe(0);
    const { runs } = JSON.parse(stdout) as { runs: Run[] };
    const counts = Object.fromEntries(runs.map((r) => [r.kind, [r.status, r.listed, r.created, r.apiCalls]]));
    expect(runs.map((r) => r.kind)).toEqual([...SYNC_KINDS]);
    expect(counts).toEqual({
      droplet: ['succeeded', 5, 5, 2],
      domain: ['succeeded', 1, 1, 1],
      volume: ['succeeded', 3, 3, 1],
      snapshot: ['succeeded', 4, 4, 1],
      floating_ip: ['succeeded', 2, 2, 1],
      firewall: ['succeeded', 2, 2, 1],
      load_balancer: ['succeeded', 2, 2, 1],
      managed_db: ['succeeded', 1, 1, 1],
      kubernetes_cluster: ['succeeded', 1, 1, 1],
      // S3 requests are not DO API calls.
      spaces_bucket: ['succeeded', 1, 1, 0],
      // One /backups call: the droplets come from the droplet run of the same sync, not listed again.
      droplet_backup: ['succeeded', 2, 2, 1],
      app: ['succeeded', 2, 2, 1],
      // The registry and its subscription.
      container_registry: ['succeeded', 1, 1, 2],
      vpc: ['succeeded', 2, 2, 1],
      vpc_nat_gateway: ['succeeded', 1, 1, 1],
      cdn_endpoint: ['succeeded', 1, 1, 1],
      certificate: ['succeeded', 2, 2, 1],
      uptime_check: ['succeeded', 2, 2, 1],
      reserved_ipv6: ['succeeded', 2, 2, 1],
      custom_image: ['succeeded', 1, 1, 1],
      functions_namespace: ['succeeded', 1, 1, 1],
      // Projects, then my-web-api's resources (Default's list is not needed).
      project: ['succeeded', 2, 2, 2],
    });

    const ips = await resources('floating_ip');
    expect(ips.map((v) => [v.providerId, v.status, v.region, v.attrs.droplet_id])).toEqual([
      ['45.55.96.47', 'assigned', 'nyc3', '3164444'],
      ['45.55.96.50', 'unassigned', 'nyc3', null],
    ]);
    const snapshots = await resources('snapshot');
    expect(snapshots.map((v) => v.attrs.resource_type).sort()).toEqual(['droplet', 'droplet', 'volume', 'volume']);
    const [db] = await resources('managed_db');
    expect(db).toMatchObject({ name: 'backend', attrs: { engine: 'pg', version: '16' } });
    expect(JSON.stringify(db)).not.toContain('wv78n3zpz42xezdk');
    const [bucket] = await resources('spaces_bucket');
    expect(bucket).toMatchObject({ providerId: 'my-website-assets', region: 'nyc3' });

    // Kinds ran concurrently, yet every projectId is right whatever finished first.
    const droplets = await resources('droplet');
    expect(Object.fromEntries(droplets.map((d) => [d.providerId, d.projectId]))).toEqual({
      '3164444': '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679',
      '3164459': '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679',
      '3164412': 'addb4547-6bab-419a-8542-76263a033cf6',
      '205545370': 'addb4547-6bab-419a-8542-76263a033cf6',
      '205545371': 'addb4547-6bab-419a-8542-76263a033cf6',
    });
    expect(bucket!.projectId).toBe('4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679');
  });
});
