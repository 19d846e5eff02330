import type { StepKind } from '../step-kind.js';
import { dnsRecordStep } from './dns-record.js';
import { dropletStep } from './droplet.js';
import { firewallMembershipStep } from './firewall-membership.js';
import { projectAssignmentStep } from './project-assignment.js';
import { reservedIpStep } from './reserved-ip.js';
import { volumeStep } from './volume.js';

/** Every saga step kind; a blueprint resource's `kind` picks one. One line per kind. */
export const STEP_KINDS: readonly StepKind[] = [
  dropletStep,
  volumeStep,
  reservedIpStep,
  dnsRecordStep,
  firewallMembershipStep,
  projectAssignmentStep,
] as unknown as StepKind[];

export function stepKind(kind: string): StepKind {
  const found = STEP_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`no saga step kind "${kind}"`);
  return found;
}
