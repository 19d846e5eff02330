import { describeBudget } from '../../budget/describe-budget.js';
import type { BudgetView } from '../../budget/budget-store.js';
import { context, listSections, section } from './limits.js';
import { fallbackText, type SlackMessage } from './message.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';

/** Who set a budget and when, as Slack shows a person (`<@U…>`) or the command line. */
function setBy(b: BudgetView): string {
  const who = b.via === 'cli' ? 'the command line' : `<@${b.setBy}>`;
  return `set by ${who} on ${b.setAt.toISOString().slice(0, 10)}`;
}

/** `/cloud budget list`: every budget on one line, with who set it. */
export function budgetListMessage(budgets: readonly BudgetView[]): SlackMessage {
  if (!budgets.length)
    return {
      text: fallbackText('No budgets yet.'),
      blocks: [section('No budgets yet; `/cloud budget set tenant NAME AMOUNT` sets one.')],
    };
  const lines = budgets.map((b) => `• ${escapeMrkdwn(describeBudget(b))} (${setBy(b)})`);
  const { blocks, omitted } = listSections(lines);
  return {
    text: fallbackText(plural(budgets.length, 'budget')),
    blocks: [
      section(`*${plural(budgets.length, 'budget')}*`),
      ...blocks,
      ...(omitted ? [context(`…and ${plural(omitted, 'budget')} more: \`arcadia budget list\` shows them all.`)] : []),
    ],
  };
}

/** The answer to `/cloud budget set`: the budget as stored, what it was, and any warning. */
export function budgetSetMessage(
  saved: BudgetView,
  previous: BudgetView | null,
  warnings: readonly string[],
): SlackMessage {
  const now = escapeMrkdwn(describeBudget(saved));
  return {
    text: fallbackText(`Budget set: ${describeBudget(saved)}`),
    blocks: [
      section(
        previous ? `Changed the budget of ${escapeMrkdwn(`${saved.scope} ${saved.name}`)}: ${now}.` : `Set ${now}.`,
      ),
      ...(previous ? [context(`Before: ${escapeMrkdwn(describeBudget(previous))}.`)] : []),
      ...warnings.map((w) => context(`:warning: ${escapeMrkdwn(w)}`)),
    ],
  };
}
