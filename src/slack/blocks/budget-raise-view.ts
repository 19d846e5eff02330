import type { types } from '@slack/bolt';
import type { BudgetView } from '../../budget/budget-store.js';
import { formatCents, formatUsd } from '../../invoice/money.js';

/** The modal's callback id and its one input, read back from the submission by these ids. */
export const BUDGET_RAISE_VIEW = 'budget_raise';
export const BUDGET_AMOUNT_BLOCK = 'budget_amount';
export const BUDGET_AMOUNT_INPUT = 'amount';

/** What the modal carries to its submission: the budget, and the alert to answer in the thread of. */
export interface BudgetRaiseMetadata {
  budget: string;
  channel?: string;
  ts?: string;
}

/** Raise budget: one amount field, filled in with the budget as it is. */
export function budgetRaiseView(budget: BudgetView, metadata: BudgetRaiseMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: BUDGET_RAISE_VIEW,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Raise budget' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `The ${budget.scope} *${budget.name}* has a budget of ${formatUsd(budget.amountCents)} a month; its thresholds and channel stay as they are.`,
        },
      },
      {
        type: 'input',
        block_id: BUDGET_AMOUNT_BLOCK,
        label: { type: 'plain_text', text: 'New monthly budget (USD)' },
        element: {
          type: 'plain_text_input',
          action_id: BUDGET_AMOUNT_INPUT,
          initial_value: formatCents(budget.amountCents),
        },
      },
    ],
  };
}
