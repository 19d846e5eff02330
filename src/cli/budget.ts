import { CLI_USER } from '../../models/audit.js';
import { alertThresholds, budgetAmount, budgetScope, channelArgument } from '../arguments.js';
import { describeBudget } from '../budget/describe-budget.js';
import { listBudgets, removeBudget, setBudget, type BudgetView } from '../budget/budget-store.js';
import type { Config } from '../config.js';
import { doAccounts } from '../digitalocean/accounts.js';
import { formatUsd } from '../invoice/money.js';
import { renderTable } from './render-table.js';
import { withRuntime } from './with-runtime.js';

interface BudgetSetOptions {
  alertAt?: string;
  channel?: string;
  json?: boolean;
}

const asJson = (b: BudgetView) => ({
  ...b,
  setAt: b.setAt.toISOString(),
  acknowledgements: b.acknowledgements.map((a) => ({ ...a, at: a.at.toISOString() })),
});

/** The latest Acknowledge, as the table shows it: `80% of 2026-06 by U123 on 2026-06-11`. */
function lastAcknowledged(b: BudgetView): string {
  const a = b.acknowledgements.at(-1);
  return a ? `${a.thresholdPct}% of ${a.period} by ${a.by} on ${a.at.toISOString().slice(0, 10)}` : '';
}

/** What the budget commands do, loaded when one runs (src/cli/budget-commands.ts defines them). */
export function budgetActions(config: () => Config) {
  return {
    set: async (kind: string, name: string, amount: string, opts: BudgetSetOptions) => {
      // Every argument is checked before anything connects: a typo costs no round trip.
      const { scope } = budgetScope(kind, name);
      const amountCents = budgetAmount(amount);
      const thresholdsPct = opts.alertAt === undefined ? undefined : alertThresholds(opts.alertAt);
      const channel = opts.channel === undefined ? undefined : channelArgument(opts.channel);
      const cfg = config();
      return withRuntime(cfg, async () => {
        const { budget, previous, warnings } = await setBudget(
          { scope, name, amountCents, ...(thresholdsPct ? { thresholdsPct } : {}), ...(channel ? { channel } : {}) },
          { by: CLI_USER, at: new Date(), via: 'cli' },
          { defaultThresholdsPct: cfg.ARCADIA_BUDGET_ALERT_AT, accounts: doAccounts(cfg).map((a) => a.name) },
        );
        for (const w of warnings) console.error(`arcadia: warning: ${w}`);
        if (opts.json) console.log(JSON.stringify(asJson(budget)));
        else if (!previous) console.log(`Set ${describeBudget(budget)}.`);
        else
          console.log(
            `Changed the budget of ${scope} ${name}:\n  before: ${describeBudget(previous)}\n  after:  ${describeBudget(budget)}`,
          );
        return 0;
      });
    },
    list: async (opts: { json?: boolean }) =>
      withRuntime(config(), async () => {
        const budgets = await listBudgets();
        if (opts.json) console.log(JSON.stringify(budgets.map(asJson)));
        else if (!budgets.length) console.log('No budgets yet; `arcadia budget set tenant NAME AMOUNT` sets one.');
        else
          console.log(
            renderTable(
              ['SCOPE', 'NAME', 'MONTHLY', 'ALERT AT', 'CHANNEL', 'SET BY', 'SET', 'LAST ACKNOWLEDGED'],
              budgets.map((b) => [
                b.scope,
                b.name,
                formatUsd(b.amountCents),
                b.thresholdsPct.map((p) => `${p}%`).join(' '),
                b.channel ?? '(routing)',
                b.setBy,
                b.setAt.toISOString().slice(0, 10),
                lastAcknowledged(b),
              ]),
            ),
          );
        return 0;
      }),
    remove: async (kind: string, name: string) => {
      const { scope } = budgetScope(kind, name);
      return withRuntime(config(), async () => {
        await removeBudget(scope, name);
        console.log(`Removed the budget of ${scope} ${name}.`);
        return 0;
      });
    },
  };
}
