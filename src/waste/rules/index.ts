import type { WasteRule } from '../waste-rule.js';
import { backupsOnPoweredOffDroplet } from './backups-on-powered-off-droplet.js';
import { emptyKubernetesCluster } from './empty-kubernetes-cluster.js';
import { idleLoadBalancer } from './idle-load-balancer.js';
import { oldBackup } from './old-backup.js';
import { oldSnapshot } from './old-snapshot.js';
import { poweredOffDroplet } from './powered-off-droplet.js';
import { unassignedReservedIp } from './unassigned-reserved-ip.js';
import { unattachedVolume } from './unattached-volume.js';

/**
 * Every waste rule: one line each. Idle managed databases are not among them: DO's API carries no
 * usage figures, and a database used only through `defaultdb`/`doadmin` (the sample account's) looks
 * exactly like one never used.
 */
export const WASTE_RULES = [
  unattachedVolume,
  unassignedReservedIp,
  poweredOffDroplet,
  backupsOnPoweredOffDroplet,
  oldSnapshot,
  oldBackup,
  idleLoadBalancer,
  emptyKubernetesCluster,
] as const satisfies readonly WasteRule[];

type SchemasOf<R> = R extends WasteRule<infer S> ? { [K in keyof S]: S[K]['schema'] } : never;
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * Every rule's settings' schemas, by name, for the config schema to merge: a rule's thresholds are
 * declared once, in its file. Typed by name, so `Config` knows each of them.
 */
export const WASTE_RULE_SETTINGS = Object.fromEntries(
  WASTE_RULES.flatMap((rule: WasteRule) =>
    Object.entries(rule.settings ?? {}).map(([name, setting]) => [name, setting.schema]),
  ),
) as Intersection<SchemasOf<(typeof WASTE_RULES)[number]>>;
