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
export const WASTE_RULES: readonly WasteRule[] = [
  unattachedVolume,
  unassignedReservedIp,
  poweredOffDroplet,
  backupsOnPoweredOffDroplet,
  oldSnapshot,
  oldBackup,
  idleLoadBalancer,
  emptyKubernetesCluster,
];
