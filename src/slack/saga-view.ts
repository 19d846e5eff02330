import type { SagaDoc, SagaStep } from '../../models/saga.js';
import { storedBudgetGate } from '../budget/provision-gate.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import type { PlannedStep } from '../saga/blueprint.js';
import type { StepOutput } from '../saga/step-kind.js';
import { stepKind } from '../saga/steps/index.js';
import type { SagaView, SagaStepView } from './blocks/provision.js';

export function stepView(step: SagaStep, index: number): SagaStepView {
  const kind = stepKind(step.kind);
  const spec = step.spec as PlannedStep;
  const output = step.output as StepOutput | null;
  return {
    index: index + 1,
    name: step.name,
    kind: step.kind,
    what: kind.describe(spec),
    status: step.status,
    providerId: step.providerId ?? null,
    url: output && kind.consoleUrl ? kind.consoleUrl(output, spec) : null,
    error: step.error ?? null,
  };
}

/** The names the saga's finished steps made and what each points at (a DNS record's name → its IP). */
function addressesOf(saga: SagaDoc): NonNullable<SagaView['addresses']> {
  const providerIdOf = (name: string) => saga.steps.find((s) => s.name === name)?.providerId ?? null;
  return saga.steps.flatMap((step) => {
    if (step.status !== 'done') return [];
    const address = stepKind(step.kind).address?.(step.spec as PlannedStep, providerIdOf);
    return address ? [address] : [];
  });
}

/** What the Slack messages show of a saga: each step described, with its DO id and console link once known. */
export function sagaView(saga: SagaDoc): SagaView {
  return {
    id: saga.sagaId,
    ...(saga.account && saga.account !== DEFAULT_ACCOUNT ? { account: saga.account } : {}),
    blueprint: saga.blueprint,
    tenant: saga.tenant,
    status: saga.status,
    requestedBy: saga.requestedBy,
    quoteCents: saga.quoteCents,
    ...(saga.budgetGate
      ? {
          budgetGate: {
            ...storedBudgetGate(saga.budgetGate)!,
            adminApprovedBy: saga.adminApprovedBy ?? null,
            financeApprovedBy: saga.financeApprovedBy ?? null,
          },
        }
      : {}),
    quoteLines: saga.quoteLines.map((l) => ({ label: l.label ?? '', cents: l.cents ?? 0 })),
    steps: saga.steps.map(stepView),
    addresses: addressesOf(saga),
    error: saga.error ?? null,
    leftovers: saga.leftovers.map((l) => ({
      step: l.step ?? '',
      kind: l.kind ?? '',
      providerId: l.providerId ?? '',
      what: l.what ?? '',
    })),
  };
}
