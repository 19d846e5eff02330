/** What a budget covers: one tenant, one DO project (by name or id, as given) or one DO team. */
export const BUDGET_SCOPES = ['tenant', 'project', 'account'] as const;
export type BudgetScopeKind = (typeof BUDGET_SCOPES)[number];

/** A budget's stored id: `tenant:acme`, one budget per scope. */
export function budgetId(scope: BudgetScopeKind, name: string): string {
  return `${scope}:${name}`;
}

/**
 * Alert thresholds as written (`80,100`, `50, 80 ,100%`): whole percentages from 1 to 1000, each
 * once, returned ascending; null when the text is not such a list. One parser for the setting
 * (ARCADIA_BUDGET_ALERT_AT) and `--alert-at`, so both accept and refuse alike.
 */
export function parseThresholds(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim().replace(/%$/, ''));
  if (!parts.length || parts.some((p) => !/^\d{1,4}$/.test(p))) return null;
  const values = parts.map(Number);
  if (values.some((v) => v < 1 || v > 1000)) return null;
  return [...new Set(values)].sort((a, b) => a - b);
}

export const THRESHOLDS_HINT = 'whole percentages of the budget separated by commas, e.g. 80,100';

/**
 * A budget alert button's value (`tenant:acme|2026-06|80`: the budget, the month, the threshold) read
 * back; a forged one is refused. Alerts posted before the threshold was carried have none (null).
 */
export function parseBudgetAlertValue(value: string): {
  scope: BudgetScopeKind;
  name: string;
  period: string;
  thresholdPct: number | null;
} {
  const m = /^(tenant|project|account):(.+?)\|(\d{4}-\d{2})(?:\|(\d{1,4}))?$/.exec(value);
  if (!m) throw new Error(`not a budget alert value: ${value.slice(0, 80)}`);
  return { scope: m[1] as BudgetScopeKind, name: m[2]!, period: m[3]!, thresholdPct: m[4] ? Number(m[4]) : null };
}
