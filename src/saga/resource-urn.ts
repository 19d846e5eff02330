import { kindSpec, type ResourceKind } from '../sync/kinds/index.js';
import type { StepKind, StepOutput } from './step-kind.js';

/**
 * The project URN (`do:<type>:<id>`) of a resource of an inventory kind: the type is the first of
 * the kind's `urnTypes` (src/sync/kinds/<kind>.ts), the one DO writes for resources made today.
 */
export function resourceUrn(kind: ResourceKind, providerId: string): string {
  const type = kindSpec(kind).urnTypes[0];
  if (!type) throw new Error(`kind ${kind} has no project URN type`);
  return `do:${type}:${providerId}`;
}

/** The project URN of what a step made; only a step kind that declares `makes` has one. */
export function stepUrn(step: StepKind, output: StepOutput): string {
  if (!step.makes) throw new Error(`saga step kind ${step.kind} makes nothing DO keeps in projects`);
  return resourceUrn(step.makes, output.providerId);
}
