import { beforeEach, describe, expect, it } from 'vitest';
import type { DoAccount, RawObject } from '../../../testkit/digitalocean/account.js';
import { KIND_SPECS, kindSpec } from '../../../src/sync/kinds/index.js';
import { isolation, testConfig } from '../../helpers/context.js';
import { kindHarness } from './harness.js';

const iso = isolation();
const h = kindHarness(iso);
beforeEach(() => h.reset());

/** Takes one resource of a kind out of the account; the returned function puts it back. */
type Remove = (a: DoAccount) => { providerId: string; restore: () => void };

function fromList(list: (a: DoAccount) => RawObject[], id: (o: RawObject) => string): Remove {
  return (a) => {
    const items = list(a);
    const [taken] = items.splice(0, 1);
    return { providerId: id(taken!), restore: () => items.push(taken!) };
  };
}

const byId = (o: RawObject) => String(o.id);
const REMOVALS: Record<string, Remove> = {
  droplet: fromList((a) => a.droplets, byId),
  domain: fromList(
    (a) => a.domains,
    (o) => String(o.name),
  ),
  volume: fromList((a) => a.volumes, byId),
  snapshot: fromList((a) => a.snapshots, byId),
  floating_ip: fromList(
    (a) => a.reserved_ips,
    (o) => String(o.ip),
  ),
  firewall: fromList((a) => a.firewalls, byId),
  load_balancer: fromList((a) => a.load_balancers, byId),
  managed_db: fromList((a) => a.databases, byId),
  kubernetes_cluster: fromList((a) => a.kubernetes_clusters, byId),
  spaces_bucket: fromList(
    (a) => a.spaces_buckets.nyc3!,
    (o) => String(o.Name),
  ),
  project: fromList((a) => a.projects, byId),
  app: fromList((a) => a.apps, byId),
  // The account's one registry deleted: DO then answers 404, an empty listing.
  container_registry: (a) => {
    const registry = a.registry!;
    a.registry = null;
    return { providerId: String(registry.name), restore: () => void (a.registry = registry) };
  },
  vpc: fromList((a) => a.vpcs, byId),
  vpc_nat_gateway: fromList((a) => a.vpc_nat_gateways, byId),
  cdn_endpoint: fromList((a) => a.cdn_endpoints, byId),
  certificate: fromList((a) => a.certificates, byId),
  uptime_check: fromList((a) => a.uptime_checks, byId),
  reserved_ipv6: fromList(
    (a) => a.reserved_ipv6s,
    (o) => String(o.ip),
  ),
  // The custom image comes first; the snapshot after it is not this kind's.
  custom_image: fromList((a) => a.private_images, byId),
  functions_namespace: fromList(
    (a) => a.functions_namespaces,
    (o) => String(o.uuid),
  ),
  // A backup rotated out: gone from the droplet's backup_ids (and from its /backups list).
  droplet_backup: (a) => {
    const d = a.droplets.find((x) => x.id === 3164444)!;
    const ids = d.backup_ids as number[];
    const backups = a.droplet_backups['3164444']!;
    const [id] = ids.splice(0, 1);
    const [backup] = backups.splice(0, 1);
    return { providerId: String(id), restore: () => (ids.unshift(id!), backups.unshift(backup!)) };
  },
};

describe('every kind: stale on a later sync when gone, revived when back', () => {
  it('covers every kind in the registry', () => {
    expect(Object.keys(REMOVALS).sort()).toEqual(KIND_SPECS.map((s) => s.kind).sort());
  });

  it.each(KIND_SPECS.map((s) => s.kind))('%s', async (kind) => {
    // Some kinds hold one resource here: let the guard allow marking all of them.
    const config = testConfig(iso, { ...h.spacesEnv(), ARCADIA_STALE_GUARD_RATIO: '1' });
    const spec = kindSpec(kind);
    const first = await h.sync(spec, { config });
    expect(first.status).toBe('succeeded');
    expect(first.listed).toBeGreaterThan(0);

    const removed = REMOVALS[kind]!(h.standin.account);
    const second = await h.sync(spec, { config });
    expect(second).toMatchObject({ status: 'succeeded', listed: first.listed - 1, markedStale: 1, created: 0 });
    expect(second.newlyStale.map((r) => r.providerId)).toEqual([removed.providerId]);
    expect(await h.stored(kind, removed.providerId)).toMatchObject({ stale: true });

    removed.restore();
    const third = await h.sync(spec, { config });
    expect(third).toMatchObject({ status: 'succeeded', listed: first.listed, revived: 1, markedStale: 0, created: 0 });
    expect(await h.stored(kind, removed.providerId)).toMatchObject({ stale: false, staleSince: null });
  });
});
