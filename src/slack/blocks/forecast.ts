import type { Forecast } from '../../forecast/forecast.js';
import { formatUsd } from '../../invoice/money.js';
import { fallbackText, type Block, type SlackMessage } from './message.js';
import { context, header, listSections, section } from './limits.js';
import { escapeMrkdwn, formatTime, plural } from './mrkdwn.js';

/** How many of a forecast's parts a message names; the CLI lists them all. */
const PARTS_SHOWN = 10;

export const FORECAST_BASIS =
  "Cost before markup. The rest of the month: what runs now at list prices (droplets per second, the rest by the hour, each held to its monthly price); bandwidth, unpriced products and tax at the month's pace so far.";

function scopeWords(f: Forecast): string {
  if (f.scope.kind === 'project') return `project ${escapeMrkdwn(f.label)}`;
  if (f.scope.kind === 'account') return `DO team ${escapeMrkdwn(f.label)}`;
  return escapeMrkdwn(f.label);
}

const days = (f: Forecast) => plural(Math.ceil(f.daysLeft), 'day');

/** "*$612.00* by month end for *acme*: $200.00 so far + $412.00 for the 26 days left, at $15.85 a day." */
export function forecastLead(f: Forecast): string {
  return `*${formatUsd(f.totalCents)}* by month end for *${scopeWords(f)}*: ${formatUsd(f.monthToDateCents)} so far + ${formatUsd(f.restCents)} for the ${days(f)} left, at ${formatUsd(f.dailyRateCents)} a day.`;
}

/** `/cloud forecast acme`: the figure, then the largest resources and products it is made of. */
export function forecastMessage(f: Forecast): SlackMessage {
  const rows = f.parts.map(
    (p) =>
      `• *${escapeMrkdwn(p.label)}*${p.kind ? ` (${escapeMrkdwn(p.kind)})` : ''} ${formatUsd(p.monthToDateCents + p.restCents)} · ${formatUsd(p.monthToDateCents)} so far`,
  );
  const list = listSections(rows, { maxRows: PARTS_SHOWN });
  const command =
    f.scope.kind === 'tenant'
      ? `--tenant ${f.label}`
      : f.scope.kind === 'project'
        ? `--project ${f.scope.project}`
        : `--account ${f.label}`;
  const blocks: Block[] = [
    header(`Forecast ${f.label} · ${f.period}`),
    section(forecastLead(f)),
    ...list.blocks,
    ...(list.omitted
      ? [context(`+${plural(list.omitted, 'more part')}: \`arcadia forecast ${command}\` lists them all.`)]
      : []),
    context(`DO's figures as of ${formatTime(f.monthToDateAsOf)}. ${FORECAST_BASIS}`),
  ];
  return {
    text: fallbackText(
      `Forecast ${f.label} ${f.period}: ${formatUsd(f.totalCents)} by month end (${formatUsd(f.monthToDateCents)} so far)`,
    ),
    blocks,
  };
}

/** `/cloud forecast`: every team's figure, then the tenants', largest first. */
export function forecastOverviewMessage(forecasts: readonly Forecast[]): SlackMessage {
  const teams = forecasts.filter((f) => f.scope.kind === 'account');
  const tenants = forecasts.filter((f) => f.scope.kind === 'tenant');
  const first = teams[0] ?? forecasts[0];
  if (!first)
    return {
      text: fallbackText('No forecast: no DO team is configured.'),
      blocks: [section('No forecast: no DO team is configured.')],
    };
  const total = teams.reduce((n, f) => n + f.totalCents, 0);
  const soFar = teams.reduce((n, f) => n + f.monthToDateCents, 0);
  const daily = teams.reduce((n, f) => n + f.dailyRateCents, 0);
  const lead =
    teams.length === 1
      ? forecastLead(first)
      : `*${formatUsd(total)}* by month end for ${plural(teams.length, 'DO team')}: ${formatUsd(soFar)} so far, at ${formatUsd(daily)} a day.`;
  const perTeam =
    teams.length > 1
      ? [
          section(
            teams
              .map(
                (t) =>
                  `• *${escapeMrkdwn(t.label)}* ${formatUsd(t.totalCents)} · ${formatUsd(t.monthToDateCents)} so far`,
              )
              .join('\n'),
          ),
        ]
      : [];
  const list = listSections(
    tenants.map(
      (t, i) =>
        `${i + 1}. *${escapeMrkdwn(t.label)}* ${formatUsd(t.totalCents)} · ${formatUsd(t.monthToDateCents)} so far · ${formatUsd(t.dailyRateCents)} a day`,
    ),
    { maxRows: 20 },
  );
  return {
    text: fallbackText(`Month-end forecast ${first.period}: ${formatUsd(total)} (${formatUsd(soFar)} so far)`),
    blocks: [
      header(`Month-end forecast ${first.period}`),
      section(lead),
      ...perTeam,
      ...(tenants.length
        ? list.blocks
        : [section('No tenants are defined yet (`arcadia tenant set NAME --project P`).')]),
      ...(list.omitted
        ? [context(`+${plural(list.omitted, 'more tenant')}: \`arcadia forecast\` lists them all.`)]
        : []),
      context(`DO's figures as of ${formatTime(first.monthToDateAsOf)}. ${FORECAST_BASIS}`),
    ],
  };
}
