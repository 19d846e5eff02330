import { getBudget } from '../../budget/budget-store.js';
import { forecastScopeOf } from '../../budget/check-budgets.js';
import { parseBudgetAlertValue } from '../../budget/budget-terms.js';
import { forecastSnapshots } from '../../forecast/forecast-snapshots.js';
import { budgetResourcesMessage } from '../blocks/budget-alert.js';
import { noticeMessage } from '../blocks/help.js';
import { actionHandler, onMessage } from './action-handler.js';

/** Show resources: the scope's latest stored forecast, part by part, in the alert's thread. */
export const budgetShowResources = actionHandler({
  action: 'budgetShowResources',
  does: 'act on budget alerts',
  async handle(click, deps) {
    const message = onMessage(click);
    const { scope, name, period } = parseBudgetAlertValue(click.value);
    const budget = await getBudget(scope, name);
    const latest = (await forecastSnapshots(period, forecastScopeOf(budget))).at(-1);
    const reply = latest
      ? budgetResourcesMessage(latest.label, latest.parts)
      : noticeMessage(`No forecast of ${scope} ${name} is stored for ${period}; \`arcadia forecast\` makes one.`);
    await deps.outbox.send({
      target: { to: 'channel', channel: message.channelId, threadTs: message.threadTs ?? message.ts },
      ...reply,
      label: 'budget-resources',
    });
  },
});
