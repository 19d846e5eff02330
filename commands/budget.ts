import { actorNow } from '../models/audit.js';
import { alertThresholds, budgetAmount, budgetScope, channelArgument, words, zodArgument } from '../src/arguments.js';
import { listBudgets, removeBudget, setBudget } from '../src/budget/budget-store.js';
import type { BudgetScopeKind } from '../src/budget/budget-terms.js';
import { TenantNotFoundError } from '../src/billing/tenant-store.js';
import { doAccounts } from '../src/digitalocean/accounts.js';
import { UsageError } from '../src/errors.js';
import { budgetListMessage, budgetSetMessage } from '../src/slack/blocks/budget-list.js';
import { noticeMessage } from '../src/slack/blocks/help.js';
import { subcommand } from './subcommand.js';

const USAGE =
  'budget set (tenant|project|account) NAME AMOUNT [--alert-at 80,100] [--channel C…] | budget list | budget remove (tenant|project|account) NAME';

type BudgetArgs =
  | { op: 'list' }
  | { op: 'remove'; scope: BudgetScopeKind; name: string }
  | {
      op: 'set';
      scope: BudgetScopeKind;
      name: string;
      amountCents: number;
      thresholdsPct?: number[];
      channel?: string;
    };

/** `--alert-at 80,100` and `--channel C…` (either as `--flag value` or `--flag=value`) out of the words, and the rest. */
function flags(ws: string[]): { rest: string[]; alertAt?: string; channel?: string } {
  const rest: string[] = [];
  const found: Record<string, string> = {};
  for (let i = 0; i < ws.length; i += 1) {
    const m = /^--(alert-at|channel)(?:=(.*))?$/.exec(ws[i]!);
    if (!m) {
      if (ws[i]!.startsWith('--')) throw new UsageError(`\`${ws[i]}\` is not an option of /cloud budget; ${USAGE}.`);
      rest.push(ws[i]!);
      continue;
    }
    const value = m[2] ?? ws[(i += 1)];
    if (!value) throw new UsageError(`Say what --${m[1]} is, e.g. --alert-at 80,100 or --channel C0123456789.`);
    found[m[1]!] = value;
  }
  return {
    rest,
    ...(found['alert-at'] ? { alertAt: found['alert-at'] } : {}),
    ...(found.channel ? { channel: found.channel } : {}),
  };
}

export const schema = zodArgument((text): BudgetArgs => {
  const [op, ...ws] = words(text);
  if (!op || op.toLowerCase() === 'list') return { op: 'list' };
  const { rest, alertAt, channel } = flags(ws);
  if (op.toLowerCase() === 'remove') return { op: 'remove', ...budgetScope(rest[0], rest[1]) };
  if (op.toLowerCase() !== 'set') throw new UsageError(`\`${op}\` is not a budget command; ${USAGE}.`);
  if (rest.length > 3) throw new UsageError(`Too many words after \`budget set\`; ${USAGE}.`);
  return {
    op: 'set',
    ...budgetScope(rest[0], rest[1]),
    amountCents: budgetAmount(rest[2]),
    ...(alertAt ? { thresholdsPct: alertThresholds(alertAt) } : {}),
    ...(channel ? { channel: channelArgument(channel) } : {}),
  };
});

export const budget = subcommand({
  name: 'budget',
  audience: 'finance',
  schema,
  help: {
    usage: USAGE,
    summary:
      "Monthly budgets of a tenant, project or DO team: alerted when the month's forecast crosses each threshold, before the spend does.",
    examples: [
      '/cloud budget set tenant acme 500',
      '/cloud budget set account production 2000 --alert-at 50,80,100 --channel C0FINANCE',
      '/cloud budget list',
    ],
  },
  async handle({ args, userId }, deps) {
    try {
      if (args.op === 'list') return budgetListMessage(await listBudgets());
      if (args.op === 'remove') {
        await removeBudget(args.scope, args.name);
        return noticeMessage(`Removed the budget of ${args.scope} ${args.name}.`);
      }
      const { op: _op, ...input } = args;
      const {
        budget: saved,
        previous,
        warnings,
      } = await setBudget(input, actorNow(userId, 'slash_command', deps.now()), {
        defaultThresholdsPct: deps.config.ARCADIA_BUDGET_ALERT_AT,
        accounts: doAccounts(deps.config).map((a) => a.name),
      });
      return budgetSetMessage(saved, previous, warnings);
    } catch (err) {
      // The tenant store's own sentence points at `/cloud tenant`; here the budget is what was meant.
      if (err instanceof TenantNotFoundError)
        return noticeMessage(
          err.suggestion
            ? `No tenant named "${err.tenant}"; did you mean \`/cloud budget set tenant ${err.suggestion} …\`?`
            : err.sentence,
        );
      throw err;
    }
  },
});
