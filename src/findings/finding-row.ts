import type { ResourceAge } from '../inventory/resource-age.js';

/** What a finding row shows: the facts people asked for (cost, owner, where, how old, last seen). */
export interface FindingRow {
  key: string;
  /** What it is: "Unassigned reserved IPs". */
  title: string;
  /** The resource's DO team, shown when not the default one. */
  account?: string;
  kind: string;
  providerId: string;
  name: string;
  reason: string;
  /** Cents a month; null when unknown (a stale resource of a kind Arcadia cannot price). */
  monthlyCents: number | null;
  project: string | null;
  tenant: string | null;
  region: string | null;
  since: Date;
  /** The resource's age: from DO's created_at, or only since Arcadia first saw it (src/inventory/resource-age.ts). */
  age: ResourceAge;
  lastSeenAt: Date;
  consoleUrl: string;
  /** Decisions still in force ("Acknowledged by <@U1> on …"), from finding-transitions' stateLines. */
  stateLines: string[];
}
