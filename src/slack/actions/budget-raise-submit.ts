import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { actorNow } from '../../../models/audit.js';
import { budgetAmount } from '../../arguments.js';
import { getBudget, setBudget } from '../../budget/budget-store.js';
import { describeBudget } from '../../budget/describe-budget.js';
import { BUDGET_SCOPES, type BudgetScopeKind } from '../../budget/budget-terms.js';
import { doAccounts } from '../../digitalocean/accounts.js';
import { ArcadiaError, explainError } from '../../errors.js';
import {
  BUDGET_AMOUNT_BLOCK,
  BUDGET_AMOUNT_INPUT,
  BUDGET_RAISE_VIEW,
  type BudgetRaiseMetadata,
} from '../blocks/budget-raise-view.js';
import { noticeMessage } from '../blocks/help.js';
import type { ActionDeps } from './action-handler.js';

const DOES = 'raise budgets';

/**
 * The Raise budget modal's submission (`view_submission`, signature-checked by Bolt like every
 * interaction). The submitter is held to the button's audience again (a modal can outlive a
 * change of ARCADIA_FINANCE_USERS); a bad amount is answered inline in the field
 * (`response_action: errors`) and nothing is saved; a good one closes the modal, saves the budget
 * (its thresholds and channel kept) and says so in the alert's thread.
 */
export function budgetRaiseSubmission(deps: ActionDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const userId = body.user.id;
    const refusal = deps.access.mayClick('finance', userId, DOES);
    if (refusal) return void (await ack({ response_action: 'errors', errors: { [BUDGET_AMOUNT_BLOCK]: refusal } }));
    const raw = view.state.values[BUDGET_AMOUNT_BLOCK]?.[BUDGET_AMOUNT_INPUT]?.value ?? '';
    let amountCents: number;
    try {
      amountCents = budgetAmount(raw.trim());
    } catch (err) {
      const sentence = err instanceof ArcadiaError ? (err.sentence ?? err.message) : 'Write an amount, e.g. 750.';
      return void (await ack({ response_action: 'errors', errors: { [BUDGET_AMOUNT_BLOCK]: sentence } }));
    }
    await ack();
    const meta = JSON.parse(view.private_metadata || '{}') as BudgetRaiseMetadata;
    const [scope, ...rest] = (meta.budget ?? '').split(':');
    try {
      if (!BUDGET_SCOPES.includes(scope as BudgetScopeKind)) throw new Error('budget modal without its budget');
      const budget = await getBudget(scope as BudgetScopeKind, rest.join(':'));
      const { budget: saved } = await setBudget(
        { scope: budget.scope, name: budget.name, amountCents },
        actorNow(userId, 'button', deps.now()),
        {
          defaultThresholdsPct: deps.config.ARCADIA_BUDGET_ALERT_AT,
          accounts: doAccounts(deps.config).map((a) => a.name),
        },
      );
      deps.log.info({ budget: saved.id, user: userId, amountCents }, 'budget raised');
      if (meta.channel && meta.ts)
        await deps.outbox.send({
          target: { to: 'channel', channel: meta.channel, threadTs: meta.ts },
          ...noticeMessage(`<@${userId}> set ${describeBudget(saved)}.`),
          label: 'budget-raised',
        });
    } catch (err) {
      const { sentence } = explainError(err, deps.log, 'Sorry, the budget was not saved', { view: BUDGET_RAISE_VIEW });
      await deps.outbox.send({
        target: { to: 'channel', channel: userId },
        ...noticeMessage(sentence),
        label: 'budget-raise-failed',
      });
    }
  };
}

/** Registers the modal's submission beside the buttons (registerActions). */
export function registerBudgetRaiseSubmission(app: App, deps: ActionDeps): void {
  app.view<ViewSubmitAction>(BUDGET_RAISE_VIEW, budgetRaiseSubmission(deps));
}
