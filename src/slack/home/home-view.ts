import { formatUsd } from '../../invoice/money.js';
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
  wasteCents: number;
  wasteFindings: number;
  /** Month to date from DO's invoice preview; null when DO's billing API is not reachable (no token or scope). */
  spend: {
    monthToDateCents: number;
    period: string;
    lastMonthCents: number | null;
    lastPeriod: string | null;
    updatedAt: Date | null;
  } | null;
  /** The last reconciled invoice, in one line (from the summary stored with each invoice). */
  lastInvoice: { period: string; totalCents: number; lines: number; matched: number } | null;
}

const HEALTH: Record<string, string> = {
  succeeded: ':white_check_mark:',
  failed: ':x:',
  suspicious: ':warning:',
  running: ':hourglass:',
};

/** A finance user's Home tab says this instead of spend. */
const FINANCE_ONLY = 'Spend and invoices are shown to finance users (ARCADIA_FINANCE_USERS).';

/** The Home tab (views.publish): numbers first, one line per kind, buttons for the common commands. */
export function homeView(input: HomeInput, viewer: HomeViewer): { type: 'home'; blocks: Block[] } {
  const live = input.kinds.reduce((n, k) => n + k.live, 0);
  const stale = input.kinds.reduce((n, k) => n + k.stale, 0);
  const spend = input.spend
    ? `*${formatUsd(input.spend.monthToDateCents)}* spent in ${input.spend.period} so far` +
      (input.spend.lastMonthCents !== null
        ? ` (${input.spend.lastPeriod}: ${formatUsd(input.spend.lastMonthCents)})`
        : '')
    : "Spend this month: not available (DO's billing API needs a token with billing:read)";
  const invoice = input.lastInvoice
    ? `Last invoice ${input.lastInvoice.period}: ${formatUsd(input.lastInvoice.totalCents)}, ${input.lastInvoice.matched} of ${plural(input.lastInvoice.lines, 'line')} matched to resources`
    : 'No invoice reconciled yet: upload one in the finance channel, or `arcadia invoice fetch`.';
  const kindLines = input.kinds.map((k) => {
    const when = k.lastSyncAt ? `${formatAge(input.now.getTime() - k.lastSyncAt.getTime())} ago` : 'never';
    return `${k.lastStatus ? HEALTH[k.lastStatus] : ':grey_question:'} *${escapeMrkdwn(k.kind)}*: ${k.live} live${k.stale ? `, ${k.stale} stale` : ''} · synced ${when}`;
  });
  const blocks: Block[] = [
    header(`${formatUsd(input.wasteCents)}/mo of waste in ${plural(input.wasteFindings, 'finding')}`),
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
