import { formatUsd } from '../../invoice/money.js';
import { projectMonth } from '../../invoice/month-projection.js';
import type { Block } from '../blocks/message.js';
import { context, divider, header, section } from '../blocks/limits.js';
import { escapeMrkdwn, formatAge, plural } from '../blocks/mrkdwn.js';
import { familyActionId } from '../blocks/action-ids.js';

/** Subcommands the Home tab offers as buttons (read-only ones), each under the slash command's own rules. */
export const HOME_COMMANDS = ['waste', 'inventory', 'stale'] as const;
export type HomeCommand = (typeof HOME_COMMANDS)[number];

/** Who the tab is published to, as far as it changes what it shows (src/slack/home/home-viewer.ts). */
export interface HomeViewer {
  /** Finance users see spend and the last invoice, as `/cloud billing` and `/cloud invoice` show them; others the inventory and waste. */
  finance: boolean;
  /** The buttons they may press: the commands they may run where the answer goes. */
  commands: readonly HomeCommand[];
  /** Why there are none, in the slash command's words; null when there are some. */
  commandsRefusal: string | null;
}

export interface HomeInput {
  now: Date;
  kinds: {
    kind: string;
    live: number;
    stale: number;
    lastStatus: 'succeeded' | 'failed' | 'suspicious' | 'running' | null;
    lastSyncAt: Date | null;
  }[];
  /** The open findings `/cloud waste` lists (acknowledged and snoozed ones left out), and their monthly cost. */
  wasteCents: number;
  wasteFindings: number;
  /** Acknowledged or snoozed findings, counted apart. */
  wasteQuiet: number;
  /** Month to date from DO's invoice preview; null when DO's billing API is not reachable (no token or scope). */
  spend: {
    monthToDateCents: number;
    period: string;
    lastMonthCents: number | null;
    lastPeriod: string | null;
    updatedAt: Date | null;
  } | null;
  /**
   * The month's forecast as the latest day stored it (the daily job, or one shown since): the teams'
   * total and each tenant's, beside month to date. Absent or null: none stored for the month yet.
   */
  forecast?: HomeForecast | null;
  /** The last reconciled invoice, in one line (from the summary stored with each invoice). */
  lastInvoice: { period: string; totalCents: number; lines: number; matched: number } | null;
}

export interface HomeForecast {
  period: string;
  totalCents: number;
  monthToDateCents: number;
  tenants: { name: string; totalCents: number; monthToDateCents: number }[];
}

/** How many tenants the tab names; `/cloud forecast` lists them all. */
const HOME_TENANTS = 10;

/** The forecast first, month to date beside it, then each tenant's (largest first). */
function forecastLines(f: HomeForecast, spend: HomeInput['spend']): string {
  const last = spend?.lastMonthCents != null ? ` · ${spend.lastPeriod} total: ${formatUsd(spend.lastMonthCents)}` : '';
  const lines = [
    `*${formatUsd(f.totalCents)}* forecast for ${f.period} by month end · ${formatUsd(f.monthToDateCents)} spent so far${last}`,
    ...f.tenants
      .slice(0, HOME_TENANTS)
      .map(
        (t) =>
          `• *${escapeMrkdwn(t.name)}* ${formatUsd(t.totalCents)} forecast · ${formatUsd(t.monthToDateCents)} so far`,
      ),
  ];
  if (f.tenants.length > HOME_TENANTS)
    lines.push(`…and ${plural(f.tenants.length - HOME_TENANTS, 'tenant')} more in \`/cloud forecast\``);
  return lines.join('\n');
}

const HEALTH: Record<string, string> = {
  succeeded: ':white_check_mark:',
  failed: ':x:',
  suspicious: ':warning:',
  running: ':hourglass:',
};

/** A finance user's Home tab says this instead of spend. */
const FINANCE_ONLY = 'Spend and invoices are shown to finance users (ARCADIA_FINANCE_USERS).';

const SPEND_UNAVAILABLE = "Spend this month: not available (DO's billing API needs a token with billing:read)";

/**
 * Month to date, then where the month is heading beside last month's total. Last month is known
 * only as its invoice total (DO gives no day-by-day figure), so "the same days of last month"
 * cannot be had; month to date alone beside a whole month reads as a fall every month. A finance
 * user compares the month's likely total with last month's: the projection (src/invoice/month-projection.ts),
 * named as one, with how many days it rests on.
 */
function spendLine(spend: NonNullable<HomeInput['spend']>, now: Date): string {
  const sofar = `*${formatUsd(spend.monthToDateCents)}* spent in ${spend.period} so far`;
  const projection = projectMonth(spend.monthToDateCents, spend.period, spend.updatedAt ?? now);
  const pace = projection
    ? ` (${projection.daysElapsed} of ${projection.daysInMonth} days), on pace for ${formatUsd(projection.projectedCents)}`
    : '';
  const last = spend.lastMonthCents !== null ? ` · ${spend.lastPeriod} total: ${formatUsd(spend.lastMonthCents)}` : '';
  return `${sofar}${pace}${last}`;
}

/** The Home tab (views.publish): numbers first, one line per kind, buttons for the common commands. */
export function homeView(input: HomeInput, viewer: HomeViewer): { type: 'home'; blocks: Block[] } {
  const live = input.kinds.reduce((n, k) => n + k.live, 0);
  const stale = input.kinds.reduce((n, k) => n + k.stale, 0);
  const spend = input.forecast
    ? forecastLines(input.forecast, input.spend)
    : input.spend
      ? spendLine(input.spend, input.now)
      : SPEND_UNAVAILABLE;
  const invoice = input.lastInvoice
    ? `Last invoice ${input.lastInvoice.period}: ${formatUsd(input.lastInvoice.totalCents)}, ${input.lastInvoice.matched} of ${plural(input.lastInvoice.lines, 'line')} matched to resources`
    : 'No invoice reconciled yet: upload one in the finance channel, or `arcadia invoice fetch`.';
  const kindLines = input.kinds.map((k) => {
    const when = k.lastSyncAt ? `${formatAge(input.now.getTime() - k.lastSyncAt.getTime())} ago` : 'never';
    return `${k.lastStatus ? HEALTH[k.lastStatus] : ':grey_question:'} *${escapeMrkdwn(k.kind)}*: ${k.live} live${k.stale ? `, ${k.stale} stale` : ''} · synced ${when}`;
  });
  const blocks: Block[] = [
    header(`${formatUsd(input.wasteCents)}/mo of waste in ${plural(input.wasteFindings, 'finding')}`),
    ...(input.wasteQuiet
      ? [
          context(
            `${plural(input.wasteQuiet, 'acknowledged or snoozed finding')} left out, as \`/cloud waste\` leaves them.`,
          ),
        ]
      : []),
    viewer.finance ? section(`${spend}\n${invoice}`) : context(FINANCE_ONLY),
    viewer.commands.length
      ? {
          type: 'actions',
          block_id: 'home_commands',
          elements: viewer.commands.map((name) => ({
            type: 'button' as const,
            action_id: familyActionId('homeRunCommand', name),
            text: { type: 'plain_text' as const, text: `/cloud ${name}` },
            value: name,
          })),
        }
      : context(viewer.commandsRefusal ?? 'No /cloud commands to run from here.'),
    divider(),
    section(`*Inventory*: ${live} live, ${stale} stale`),
    ...(kindLines.length
      ? [section(kindLines.join('\n'))]
      : [context('Nothing synced yet: `/cloud sync all` or `arcadia sync all`.')]),
    context(`Updated ${input.now.toISOString().slice(0, 16).replace('T', ' ')} UTC, after each sync.`),
  ];
  return { type: 'home', blocks };
}
