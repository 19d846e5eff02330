import { Budget } from '../../models/budget.js';
import { Resource } from '../../models/resource.js';
import { Tenant } from '../../models/tenant.js';
import type { Actor } from '../../models/audit.js';
import { TenantNotFoundError } from '../billing/tenant-store.js';
import { checkAccount } from '../digitalocean/accounts.js';
import { ArcadiaError, ErrorCode } from '../errors.js';
import { budgetId, type BudgetScopeKind } from './budget-terms.js';

/** A budget as the front ends show it. */
export interface BudgetView {
  id: string;
  scope: BudgetScopeKind;
  name: string;
  amountCents: number;
  thresholdsPct: number[];
  channel: string | null;
  setBy: string;
  setAt: Date;
  via: string;
}

/** No budget covers the scope asked about. */
export class BudgetNotFoundError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(scope: BudgetScopeKind, name: string) {
    super(ErrorCode.BudgetNotFound, `No budget is set for ${scope} ${name}; \`budget list\` shows the budgets.`, {
      scope,
      name,
    });
  }

  override get sentence(): string {
    return this.message;
  }
}

type StoredBudget = {
  _id: string;
  scope: string;
  name: string;
  amountCents: number;
  thresholdsPct: number[];
  channel?: string | null;
  set: { by: string; at: Date; via: string };
};

export function budgetView(d: StoredBudget): BudgetView {
  return {
    id: d._id,
    scope: d.scope as BudgetScopeKind,
    name: d.name,
    amountCents: d.amountCents,
    thresholdsPct: d.thresholdsPct,
    channel: d.channel ?? null,
    setBy: d.set.by,
    setAt: d.set.at,
    via: d.set.via,
  };
}

export interface BudgetInput {
  scope: BudgetScopeKind;
  name: string;
  amountCents: number;
  /** Omitted: the stored budget's, else ARCADIA_BUDGET_ALERT_AT. */
  thresholdsPct?: number[];
  /** Omitted: the stored budget's, else none (the routing rules decide). */
  channel?: string;
}

/**
 * Sets a scope's budget, replacing the one it had: a tenant must be defined and an account
 * configured (a near miss is named); a project no synced resource is in is accepted with a warning,
 * as `tenant set` does (it may not be synced, or created, yet). Alerts already sent this month
 * stay, so raising a budget re-alerts only what the new amount crosses.
 */
export async function setBudget(
  input: BudgetInput,
  actor: Actor,
  settings: { defaultThresholdsPct: readonly number[]; accounts: readonly string[] },
): Promise<{ budget: BudgetView; previous: BudgetView | null; warnings: string[] }> {
  const warnings: string[] = [];
  if (input.scope === 'tenant' && !(await Tenant.exists({ _id: input.name })))
    throw new TenantNotFoundError(
      input.name,
      (await Tenant.find({}, { _id: 1 }).lean()).map((t) => t._id),
    );
  if (input.scope === 'account') checkAccount(settings.accounts, input.name);
  if (
    input.scope === 'project' &&
    !(await Resource.exists({ kind: 'project', $or: [{ providerId: input.name }, { name: input.name }] }))
  )
    warnings.push(`no synced project is named or has the id "${input.name}"`);
  const id = budgetId(input.scope, input.name);
  const stored = await Budget.findById(id).lean<StoredBudget>();
  const doc = {
    scope: input.scope,
    name: input.name,
    amountCents: input.amountCents,
    thresholdsPct: input.thresholdsPct ?? stored?.thresholdsPct ?? [...settings.defaultThresholdsPct],
    channel: input.channel ?? stored?.channel ?? null,
    set: actor,
  };
  await Budget.updateOne({ _id: id }, { $set: doc }, { upsert: true });
  return { budget: budgetView({ _id: id, ...doc }), previous: stored ? budgetView(stored) : null, warnings };
}

export async function listBudgets(): Promise<BudgetView[]> {
  const docs = await Budget.find().lean<StoredBudget[]>();
  return docs.map(budgetView).sort((a, b) => a.id.localeCompare(b.id));
}

export async function getBudget(scope: BudgetScopeKind, name: string): Promise<BudgetView> {
  const doc = await Budget.findById(budgetId(scope, name)).lean<StoredBudget>();
  if (!doc) throw new BudgetNotFoundError(scope, name);
  return budgetView(doc);
}

export async function removeBudget(scope: BudgetScopeKind, name: string): Promise<void> {
  const result = await Budget.deleteOne({ _id: budgetId(scope, name) });
  if (result.deletedCount === 0) throw new BudgetNotFoundError(scope, name);
}
