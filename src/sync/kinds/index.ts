import { UnknownKindError } from '../../errors.js';
import type { KindSpec } from '../kind-spec.js';
import { domain } from './domain.js';
import { droplet } from './droplet.js';

/** Every kind the sync engine can list, in the order a full sync runs them. */
export const KIND_SPECS: readonly KindSpec[] = [droplet, domain];

export const SYNC_KINDS = KIND_SPECS.map((s) => s.kind);

export function kindSpec(kind: string): KindSpec {
  const spec = KIND_SPECS.find((s) => s.kind === kind);
  if (!spec) throw new UnknownKindError(kind, SYNC_KINDS);
  return spec;
}
