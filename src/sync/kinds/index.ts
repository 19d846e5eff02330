import { UnknownKindError } from '../../errors.js';
import type { KindSpec } from '../kind-spec.js';
import { domain } from './domain.js';
import { droplet } from './droplet.js';
import { dropletBackup } from './droplet-backup.js';
import { firewall } from './firewall.js';
import { floatingIp } from './floating-ip.js';
import { kubernetesCluster } from './kubernetes-cluster.js';
import { loadBalancer } from './load-balancer.js';
import { managedDb } from './managed-db.js';
import { project } from './project.js';
import { snapshot } from './snapshot.js';
import { spacesBucket } from './spaces-bucket.js';
import { volume } from './volume.js';

/**
 * Every kind the sync engine can list, in the order a full sync enqueues them. Project comes first:
 * once its map is stored, the kinds after it insert new resources with their projectId already set
 * (no extra write each, which matters on FerretDB). Correctness does not rest on the order, though:
 * a full sync runs kinds concurrently, so each kind DO keeps in projects also applies the stored map
 * after its own listing, and the project sync applies it to every kind (src/sync/project-membership.ts);
 * whichever finishes last leaves every projectId right.
 */
export const KIND_SPECS: readonly KindSpec[] = [
  project,
  droplet,
  domain,
  volume,
  snapshot,
  floatingIp,
  firewall,
  loadBalancer,
  managedDb,
  kubernetesCluster,
  spacesBucket,
  dropletBackup,
];

export const SYNC_KINDS = KIND_SPECS.map((s) => s.kind);

export function kindSpec(kind: string): KindSpec {
  const spec = KIND_SPECS.find((s) => s.kind === kind);
  if (!spec) throw new UnknownKindError(kind, SYNC_KINDS);
  return spec;
}
