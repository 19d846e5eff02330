import { UnknownKindError } from '../../errors.js';
import { CLIENT_SCOPES, scopeLookup, type ScopeOf } from '../../digitalocean/token-scope.js';
import type { KindSpec } from '../kind-spec.js';
import { app } from './app.js';
import { cdnEndpoint } from './cdn-endpoint.js';
import { certificate } from './certificate.js';
import { containerRegistry } from './container-registry.js';
import { customImage } from './custom-image.js';
import { domain } from './domain.js';
import { droplet } from './droplet.js';
import { dropletBackup } from './droplet-backup.js';
import { firewall } from './firewall.js';
import { floatingIp } from './floating-ip.js';
import { kubernetesCluster } from './kubernetes-cluster.js';
import { loadBalancer } from './load-balancer.js';
import { managedDb } from './managed-db.js';
import { functionsNamespace } from './functions-namespace.js';
import { project } from './project.js';
import { reservedIpv6 } from './reserved-ipv6.js';
import { snapshot } from './snapshot.js';
import { spacesBucket } from './spaces-bucket.js';
import { uptimeCheck } from './uptime-check.js';
import { volume } from './volume.js';
import { vpc } from './vpc.js';
import { vpcNatGateway } from './vpc-nat-gateway.js';

export {
  app,
  cdnEndpoint,
  certificate,
  containerRegistry,
  customImage,
  domain,
  droplet,
  dropletBackup,
  firewall,
  floatingIp,
  functionsNamespace,
  kubernetesCluster,
  loadBalancer,
  managedDb,
  project,
  reservedIpv6,
  snapshot,
  spacesBucket,
  uptimeCheck,
  volume,
  vpc,
  vpcNatGateway,
};
export { BACKUP_DETAIL_CALLS_PER_RUN } from './droplet-backup.js';

/**
 * Every kind the sync engine can list, in the order a full sync enqueues them. Project comes first:
 * once its map is stored, the kinds after it insert new resources with their projectId already set
 * (no extra write each, which matters on FerretDB). Correctness does not rest on the order, though:
 * a full sync runs kinds concurrently, so each kind DO keeps in projects also applies the stored map
 * after its own listing, and the project sync applies it to every kind (src/sync/project-membership.ts);
 * whichever finishes last leaves every projectId right.
 */
export const KIND_SPECS = [
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
  app,
  containerRegistry,
  vpc,
  vpcNatGateway,
  cdnEndpoint,
  certificate,
  uptimeCheck,
  reservedIpv6,
  customImage,
  functionsNamespace,
] as const satisfies readonly KindSpec[];

/** Every resource kind Arcadia knows: the registry's, nothing else. Snake case, as in the architecture note. */
export type ResourceKind = (typeof KIND_SPECS)[number]['kind'];

export const RESOURCE_KINDS: readonly ResourceKind[] = KIND_SPECS.map((s) => s.kind);
/** The kinds a full sync enqueues, in registry order (every kind syncs). */
export const SYNC_KINDS = RESOURCE_KINDS;

export function isResourceKind(kind: string): kind is ResourceKind {
  return (RESOURCE_KINDS as readonly string[]).includes(kind);
}

export function kindSpec(kind: string): KindSpec<ResourceKind> {
  const spec = findKindSpec(kind);
  if (!spec) throw new UnknownKindError(kind, SYNC_KINDS);
  return spec;
}

/** The spec of a kind, or undefined for a kind no spec declares. */
export function findKindSpec(kind: string): KindSpec<ResourceKind> | undefined {
  return (KIND_SPECS as readonly KindSpec<ResourceKind>[]).find((s) => s.kind === kind);
}

/**
 * The token scope DO asks for on each API path Arcadia reads: every kind's declared endpoints, and
 * the client's own paths (invoices, preflight). Clients are handed it (`DoClientOptions.scopeOf`) so a
 * 403 names the scope to add.
 */
export const tokenScope: ScopeOf = scopeLookup([
  ...KIND_SPECS.flatMap((s) => s.endpoints.map((e) => [e.path, e.scope] as const)),
  ...CLIENT_SCOPES,
]);
