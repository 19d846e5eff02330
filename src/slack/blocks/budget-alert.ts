import type { Crossing } from '../../budget/budget-alert.js';
import type { DueBudgetAlert } from '../../budget/check-budgets.js';
import type { ForecastPart } from '../../forecast/forecast.js';
import { formatUsd } from '../../invoice/money.js';
import { ACTION_IDS } from './action-ids.js';
import { context, listSections, section } from './limits.js';
import { fallbackText, type Block, type SlackMessage } from './message.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** Whole dollars for the headline (`$612`): the cents are in the forecast, not in the news. */
function dollars(cents: number): string {
  return formatUsd(Math.round(cents / 100) * 100).replace(/\.00$/, '');
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd, 23rd. */
export function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th');
  return `${day}${suffix}`;
}

/** What a budget's name reads as in a sentence: a tenant by its name, a project or a team with the word. */
function scopeName(a: DueBudgetAlert): string {
  const { scope, name } = a.budget;
  if (scope === 'tenant') return name;
  return scope === 'project' ? `project ${a.forecast.label || name}` : `DO team ${name}`;
}

function when(crossing: Crossing, what: string): string {
  if ('passed' in crossing) return `it has already passed ${what}`;
  if ('notThisMonth' in crossing)
    return `today's rate alone would not pass ${what} this month; the rest is the month's other charges`;
  return `it passes ${what} around the ${ordinal(crossing.at.getUTCDate())} at today's rate`;
}

/** The headline: "acme is on track for $612 against its $500 budget: it passes it around the 23rd at today's rate". */
export function budgetAlertHeadline(a: DueBudgetAlert): string {
  const { decision, forecast, budget } = a;
  const what =
    decision.thresholdPct === 100 ? 'it' : `${decision.thresholdPct}% of it (${dollars(decision.thresholdCents)})`;
  return `${scopeName(a)} is on track for ${dollars(forecast.totalCents)} against its ${dollars(budget.amountCents)} budget: ${when(decision.crossing, what)}`;
}

const REASON_NOTE = {
  first: '',
  higher_threshold: ' · a higher threshold than the last alert',
  date_moved: ' · the day it is passed moved since the last alert',
} as const;

/** A part as a person reads it: `droplet web-1`, or the product's name. */
export function partLabel(p: Pick<ForecastPart, 'kind' | 'label'>): string {
  return p.kind ? `${p.kind} ${p.label}` : p.label;
}

/** The value every button of one budget alert carries: the budget, the month and the threshold crossed. */
export function budgetAlertValue(budgetId: string, period: string, thresholdPct: number): string {
  return `${budgetId}|${period}|${thresholdPct}`;
}

export function budgetAlertActions(value: string): Block {
  return {
    type: 'actions',
    block_id: `budget_alert:${value}`.slice(0, 255),
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.budgetAcknowledge,
        text: { type: 'plain_text', text: 'Acknowledge' },
        value,
      },
      { type: 'button', action_id: ACTION_IDS.budgetRaise, text: { type: 'plain_text', text: 'Raise budget' }, value },
      {
        type: 'button',
        action_id: ACTION_IDS.budgetShowResources,
        text: { type: 'plain_text', text: 'Show resources' },
        value,
      },
    ],
  };
}

/**
 * A budget alert: the forecast against the budget and the day it is passed at today's rate,
 * leading; the month so far and the rate; the three resources or products whose forecast grew most
 * since a week ago (or the month's first forecast); Acknowledge, Raise budget, Show resources.
 */
export function budgetAlertMessage(a: DueBudgetAlert): SlackMessage {
  const { forecast, decision, budget } = a;
  const headline = budgetAlertHeadline(a);
  const pct = Math.round((forecast.totalCents / budget.amountCents) * 100);
  const grew = a.grew.map(
    (g) =>
      `• ${escapeMrkdwn(partLabel(g))}: ${formatUsd(g.beforeCents)} → ${formatUsd(g.nowCents)} (+${formatUsd(g.grewCents)})`,
  );
  return {
    text: fallbackText(headline),
    blocks: [
      section(`:warning: *${escapeMrkdwn(headline)}.*`),
      context(
        `${formatUsd(forecast.monthToDateCents)} so far in ${forecast.period} · ${formatUsd(forecast.dailyRateCents)} a day · ${forecast.daysLeft.toFixed(1)} days left · ${pct}% of the budget · alert at ${decision.thresholdPct}%${REASON_NOTE[decision.reason]}`,
      ),
      ...(grew.length
        ? listSections([`*Grew most since ${a.since}* (month-end forecast)`, ...grew]).blocks
        : [context(a.since ? `Nothing grew since ${a.since}.` : 'No earlier forecast this month to compare with.')]),
      budgetAlertActions(budgetAlertValue(budget.id, forecast.period, decision.thresholdPct)),
    ],
  };
}

/** Show resources: the scope's forecast part by part, in the alert's thread. */
export function budgetResourcesMessage(label: string, parts: readonly ForecastPart[]): SlackMessage {
  const lines = parts.map(
    (p) =>
      `• ${escapeMrkdwn(partLabel(p))}: ${formatUsd(p.monthToDateCents + p.restCents)} (${formatUsd(p.monthToDateCents)} so far, ${formatUsd(p.dailyRateCents)} a day)`,
  );
  const { blocks, omitted } = listSections(lines, { maxRows: 40 });
  return {
    text: fallbackText(`What ${label}'s forecast is made of`),
    blocks: [
      section(`*What ${escapeMrkdwn(label)}'s forecast is made of*, largest first`),
      ...blocks,
      ...(omitted ? [context(`…and ${omitted} more: \`arcadia forecast\` lists them all.`)] : []),
    ],
  };
}
