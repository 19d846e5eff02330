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
  /** Who acknowledged which alert and when, oldest first. */
  acknowledgements: BudgetAcknowledgement[];
}

/** One Acknowledge on an alert: the month and threshold it was for, who and when. */
export interface BudgetAcknowledgement {
  period: string;
  thresholdPct: number;
  by: string;
  at: Date;
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
  alerts?: { period: string; thresholdPct: number }[];
  acknowledgements?: BudgetAcknowledgement[];
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
    acknowledgements: (d.acknowledgements ?? []).map(({ period, thresholdPct, by, at, via }) => ({
      period,
      thresholdPct,
      by,
      at,
      via,
    })),
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
  const kept = { acknowledgements: stored?.acknowledgements ?? [] };
  return { budget: budgetView({ _id: id, ...doc, ...kept }), previous: stored ? budgetView(stored) : null, warnings };
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

/**
 * Records an Acknowledge on a budget's alert of `period` at `thresholdPct`; an alert whose button
 * carries no threshold (posted before it did) counts as the month's highest one sent. Returns the
 * acknowledgement, or null when the budget is gone (removed since the alert).
 */
export async function acknowledgeAlert(
  scope: BudgetScopeKind,
  name: string,
  alert: { period: string; thresholdPct: number | null },
  actor: Actor,
): Promise<BudgetAcknowledgement | null> {
  const id = budgetId(scope, name);
  const doc = await Budget.findById(id, { alerts: 1 }).lean<Pick<StoredBudget, 'alerts'>>();
  if (!doc) return null;
  const sent = (doc.alerts ?? []).filter((a) => a.period === alert.period).map((a) => a.thresholdPct);
  const thresholdPct = alert.thresholdPct ?? (sent.length ? Math.max(...sent) : 0);
  const acknowledgement = { period: alert.period, thresholdPct, ...actor };
  const result = await Budget.updateOne({ _id: id }, { $push: { acknowledgements: acknowledgement } });
  return result.matchedCount ? acknowledgement : null;
}
