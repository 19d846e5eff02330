import type { Config } from '../config.js';
import { Saga, type SagaDoc, type SagaStatus } from '../../models/saga.js';
import { QuoteTooHighError, TenantSpendCapError, type PreflightProblem } from './errors.js';

type CapConfig = Pick<Config, 'ARCADIA_PROVISION_MAX_MONTHLY_USD' | 'ARCADIA_TENANT_MAX_MONTHLY_USD'>;

/**
 * Sagas whose stack is billed, or may yet be: waiting for approval (approving it needs no further
 * check), running, being undone or torn down (billed until that ends), succeeded. A `failed` saga
 * counts while it has leftovers, at its whole quote, since what is left is not priced on its own.
 */
const LIVE: readonly SagaStatus[] = ['pending_approval', 'running', 'compensating', 'succeeded', 'deprovisioning'];

const cents = (usd: number) => Math.round(usd * 100);

/** The monthly quotes of a tenant's live sagas, in cents, across every DO team. */
export async function liveQuoteCents(tenant: string): Promise<number> {
  const sagas = await Saga.find(
    { tenant, status: { $in: [...LIVE, 'failed'] } },
    { status: 1, leftovers: 1, quoteCents: 1 },
  ).lean<Pick<SagaDoc, 'status' | 'leftovers' | 'quoteCents'>[]>();
  return sagas.filter((s) => s.status !== 'failed' || s.leftovers.length > 0).reduce((sum, s) => sum + s.quoteCents, 0);
}

/** The per-request limit and the tenant's cap, against a new quote. */
export async function spendProblems(
  tenant: string,
  quoteCents: number,
  config: CapConfig,
): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  const maxCents = cents(config.ARCADIA_PROVISION_MAX_MONTHLY_USD);
  if (quoteCents > maxCents) problems.push(new QuoteTooHighError(quoteCents, maxCents));
  const cap = config.ARCADIA_TENANT_MAX_MONTHLY_USD;
  if (cap !== undefined) {
    const live = await liveQuoteCents(tenant);
    if (live + quoteCents > cents(cap)) problems.push(new TenantSpendCapError(tenant, live, quoteCents, cents(cap)));
  }
  return problems;
}

/**
 * Counts the tenant's live quotes again once the new saga is stored, and takes it back if they are
 * over the cap: of requests checked at the same moment, each sees the ones stored before its own
 * count, so the sagas kept never add up past the cap (two racing ones may both be refused).
 */
export async function keepWithinTenantCap(
  saga: Pick<SagaDoc, 'sagaId' | 'tenant' | 'quoteCents'>,
  config: CapConfig,
): Promise<void> {
  const cap = config.ARCADIA_TENANT_MAX_MONTHLY_USD;
  if (cap === undefined) return;
  const live = await liveQuoteCents(saga.tenant);
  if (live <= cents(cap)) return;
  await Saga.deleteOne({ sagaId: saga.sagaId, status: 'pending_approval' });
  throw new TenantSpendCapError(saga.tenant, live - saga.quoteCents, saga.quoteCents, cents(cap));
}
