import { loadFindingStates } from '../findings/finding-store.js';
import { isQuiet, stateLines, type FindingState } from '../findings/finding-transitions.js';
import { tenantOf } from '../billing/tenant-of.js';
import type { FindingRow } from '../findings/finding-row.js';
import { openFindings, type Finding } from './detect-waste.js';

/**
 * A stored finding as a message row, with the decisions still in force; its tenant read from its
 * tags with ARCADIA_TENANT_TAG_PREFIX, as tenant billing reads it.
 */
export function findingRow(
  f: Finding,
  state: FindingState | undefined,
  now: Date,
  tenantTagPrefix: string,
): FindingRow & { projectId: string | null; projectName: string | null; tags: string[] } {
  return {
    key: f.key,
    title: f.ruleTitle,
    account: f.account,
    kind: f.kind,
    providerId: f.providerId,
    name: f.name,
    reason: f.reason,
    monthlyCents: f.monthlyCents,
    project: f.projectName ?? f.projectId,
    projectId: f.projectId,
    projectName: f.projectName,
    tags: f.tags,
    tenant: tenantOf(f.tags, tenantTagPrefix),
    region: f.region,
    since: f.since,
    age: f.age,
    lastSeenAt: f.lastSeenAt,
    consoleUrl: f.consoleUrl,
    stateLines: stateLines(state, f.fingerprint, now),
  };
}

export type WasteRow = ReturnType<typeof findingRow>;

export interface WasteReport {
  /** Findings to show, most expensive first. */
  rows: WasteRow[];
  /** Acknowledged or snoozed findings left out. */
  quiet: number;
  /** Every open finding's monthly cost, quiet ones included. */
  totalCents: number;
}

/** Open findings with their state; acknowledged and snoozed ones (unchanged since) left out unless `includeQuiet`. */
export async function wasteReport(
  now: Date,
  options: { tenantTagPrefix: string; includeQuiet?: boolean },
): Promise<WasteReport> {
  const findings = await openFindings();
  const states = await loadFindingStates(findings.map((f) => f.key));
  const rows: WasteRow[] = [];
  let quiet = 0;
  for (const f of findings) {
    const state = states.get(f.key);
    if (!options.includeQuiet && isQuiet(state, f.fingerprint, now)) quiet += 1;
    else rows.push(findingRow(f, state, now, options.tenantTagPrefix));
  }
  return { rows, quiet, totalCents: findings.reduce((s, f) => s + f.monthlyCents, 0) };
}

/** The Home tab's waste figure: what `/cloud waste` lists, added up, and how many are quiet. */
export interface WasteTotals {
  /** The monthly cost of the open findings nobody has acknowledged or snoozed. */
  openCents: number;
  open: number;
  /** Acknowledged or snoozed findings (unchanged since), left out of `openCents`. */
  quiet: number;
}

/** The open, not-quiet findings' count and monthly cost, as `/cloud waste` lists them; the quiet ones counted apart. */
export async function wasteTotals(now: Date): Promise<WasteTotals> {
  const findings = await openFindings();
  const states = await loadFindingStates(findings.map((f) => f.key));
  const totals: WasteTotals = { openCents: 0, open: 0, quiet: 0 };
  for (const f of findings) {
    if (isQuiet(states.get(f.key), f.fingerprint, now)) totals.quiet += 1;
    else {
      totals.open += 1;
      totals.openCents += f.monthlyCents;
    }
  }
  return totals;
}
