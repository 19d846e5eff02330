import type { ResourceKind } from '../../models/resource.js';
import type { SagaDoc } from '../../models/saga.js';
import { stepKind } from './steps/index.js';

/** The inventory kinds a saga's started steps made or removed: what is synced at once when it ends. */
export function touchedKinds(saga: Pick<SagaDoc, 'steps'>): ResourceKind[] {
  const kinds = new Set<ResourceKind>();
  for (const step of saga.steps)
    if (step.status !== 'pending') for (const k of stepKind(step.kind).inventoryKinds) kinds.add(k);
  return [...kinds];
}
