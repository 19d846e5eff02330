import type { Audience } from '../access.js';

/** Who may press an action: several mean any of them (`['admin', 'finance']`). */
export type ActionAudience = Audience | readonly Audience[];

/** Admins and finance users act on findings. */
const FINDING_AUDIENCE = ['admin', 'finance'] as const;

/**
 * Every `action_id` Arcadia puts on a button or select, one line each, with who may press it. The
 * message builders take the ids from here, and `forViewer` (viewer.ts) the audiences, to leave out
 * of a message meant for one person what they may not press; each has exactly one handler in
 * src/slack/actions/ (listed in `ACTION_HANDLERS`), which names it by its key here and is held to
 * its audience; the registry test checks both ways and every golden message's ids.
 * Adding a button: its line here, its handler file, its line in `ACTION_HANDLERS`.
 */
const ACTIONS = {
  sagaApprove: { id: 'saga_approve', audience: 'admin' },
  /** On a saga that would pass its tenant's budget: the finance approval it needs besides an admin's (decide-saga.ts). */
  sagaFinanceApprove: { id: 'saga_finance_approve', audience: 'finance' },
  sagaReject: { id: 'saga_reject', audience: 'admin' },
  sagaDeprovision: { id: 'saga_deprovision', audience: 'admin' },
  sagaDeprovisionCancel: { id: 'saga_deprovision_cancel', audience: 'admin' },
  /** On findings (waste and stale alerts); a finding button's `value` is the finding's key. */
  findingAcknowledge: { id: 'finding_acknowledge', audience: FINDING_AUDIENCE },
  findingSnooze: { id: 'finding_snooze_7d', audience: FINDING_AUDIENCE },
  findingAssign: { id: 'finding_assign', audience: FINDING_AUDIENCE },
  /** A link button: Slack opens the URL and still sends an action, which is only acked. */
  findingOpenInDo: { id: 'finding_open_do', audience: 'everyone' },
  /** On the anomaly digest; a button's `value` (and the users_select's block_id) is the anomaly's id. */
  anomalyExpected: { id: 'anomaly_expected', audience: FINDING_AUDIENCE },
  anomalyInvestigate: { id: 'anomaly_investigate', audience: FINDING_AUDIENCE },
  anomalySnooze: { id: 'anomaly_snooze_7d', audience: FINDING_AUDIENCE },
  monthlyFullReport: { id: 'monthly_full_report', audience: 'finance' },
  /** The Replace button on a refused invoice re-upload. */
  invoiceReplace: { id: 'invoice_replace_confirm', audience: 'finance' },
  /** On a budget alert; the value is `<budget id>|<period>|<threshold %>`. Raising the budget is finance's call. */
  budgetAcknowledge: { id: 'budget_acknowledge', audience: ['admin', 'finance'] },
  budgetRaise: { id: 'budget_raise', audience: 'finance' },
  budgetShowResources: { id: 'budget_show_resources', audience: ['admin', 'finance'] },
  /**
   * A family: `home_run_command_<subcommand>`, one Home tab button per read-only /cloud subcommand.
   * Everyone: each button is shown and judged by its subcommand's own rules (src/slack/home/home-viewer.ts).
   */
  homeRunCommand: { id: 'home_run_command', audience: 'everyone' },
} as const satisfies Record<string, { id: string; audience: ActionAudience }>;

export const ACTION_IDS = Object.fromEntries(Object.entries(ACTIONS).map(([name, a]) => [name, a.id])) as {
  readonly [K in keyof typeof ACTIONS]: (typeof ACTIONS)[K]['id'];
};

export type ActionName = keyof typeof ACTIONS;

/** Who may press the action `name`: the handler is held to it, and `forViewer` leaves it out for anyone else. */
export function actionAudience(name: ActionName): ActionAudience {
  return ACTIONS[name].audience;
}

/** The ids that stand for a family of buttons, `<id>_<variant>`; a click's variant is the button's to judge. */
const FAMILIES: ReadonlySet<ActionName> = new Set(['homeRunCommand']);

/** The id of one button of a family: `home_run_command_waste`. */
export function familyActionId(name: ActionName, variant: string): string {
  if (!FAMILIES.has(name)) throw new Error(`${name} is not a family of buttons`);
  return `${ACTION_IDS[name]}_${variant}`;
}

/** Which registered action a click's `action_id` is; undefined for one Arcadia has no button for (an older release's, or forged). */
export function actionNameOf(actionId: string): ActionName | undefined {
  for (const [name, id] of Object.entries(ACTION_IDS) as [ActionName, string][]) {
    if (actionId === id && !FAMILIES.has(name)) return name;
    if (FAMILIES.has(name) && actionId.startsWith(`${id}_`) && actionId.length > id.length + 1) return name;
  }
  return undefined;
}

/** block_id of a finding's actions block: Slack caps block ids at 255 characters, finding keys can be longer. */
export function findingBlockId(findingKey: string): string {
  return `finding:${findingKey}`.slice(0, 255);
}

/** block_id of the context line under a finding saying who acknowledged, snoozed or was assigned it. */
export function findingStateBlockId(findingKey: string): string {
  return `finding-state:${findingKey}`.slice(0, 255);
}

/** The finding key back from an action's block_id (users_select carries no value). */
export function findingKeyFromBlockId(blockId: string): string | null {
  return blockId.startsWith('finding:') ? blockId.slice('finding:'.length) : null;
}
