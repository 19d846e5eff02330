import type { z } from 'zod';
import { UnknownStepKindError } from '../errors.js';
import type { ReferenceTargets, StepKind } from '../step-kind.js';
import { dnsRecordStep } from './dns-record.js';
import { dropletStep } from './droplet.js';
import { firewallMembershipStep } from './firewall-membership.js';
import { projectAssignmentStep } from './project-assignment.js';
import { reservedIpStep } from './reserved-ip.js';
import { volumeStep } from './volume.js';

/** Every saga step kind; a blueprint resource's `kind` picks one. One line per kind. */
const REGISTERED = [
  dropletStep,
  volumeStep,
  reservedIpStep,
  dnsRecordStep,
  firewallMembershipStep,
  projectAssignmentStep,
] as const;

/** A blueprint resource with its parameters filled in: one saga step, of a registered kind's shape. */
export type PlannedStep = z.output<(typeof REGISTERED)[number]['schema']>;

// Each kind's functions take only its own spec; the engine hands each step the spec of its kind.
export const STEP_KINDS: readonly StepKind[] = REGISTERED as unknown as readonly StepKind[];

export function stepKind(kind: string): StepKind {
  const found = STEP_KINDS.find((k) => k.kind === kind);
  if (!found)
    throw new UnknownStepKindError(
      kind,
      STEP_KINDS.map((k) => k.kind),
    );
  return found;
}

/** The step kinds a reference field may name (`in_projects`: each kind that makes a resource DO keeps in projects). */
export function referencedKinds(targets: ReferenceTargets): string[] {
  return targets === 'in_projects' ? STEP_KINDS.filter((k) => k.makes).map((k) => k.kind) : [...targets];
}
