import { getBudget } from '../../budget/budget-store.js';
import { parseBudgetAlertValue } from '../../budget/budget-terms.js';
import { budgetRaiseView } from '../blocks/budget-raise-view.js';
import { actionHandler } from './action-handler.js';

/**
 * Raise budget (finance users): a small modal with the amount, opened with the click's trigger_id
 * (Slack honours it for 3 seconds; the registry has acked already). Its submission is
 * `budgetRaiseSubmission` (budget-raise-submit.ts).
 */
export const budgetRaise = actionHandler({
  action: 'budgetRaise',
  does: 'raise budgets',
  async handle(click, deps, bolt) {
    const { scope, name } = parseBudgetAlertValue(click.value);
    const budget = await getBudget(scope, name);
    const where = click.message
      ? { channel: click.message.channelId, ts: click.message.threadTs ?? click.message.ts }
      : {};
    await bolt.client.views.open({
      trigger_id: bolt.body.trigger_id,
      view: budgetRaiseView(budget, { budget: budget.id, ...where }),
    });
  },
});
