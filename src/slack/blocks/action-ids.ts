/**
 * Every `action_id` Arcadia puts on a button or select, one line each. The message builders take
 * them from here; each has exactly one handler in src/slack/actions/ (listed in `ACTION_HANDLERS`),
 * which names it by its key here; the registry test checks both ways and every golden message's ids.
 * Adding a button: its line here, its handler file, its line in `ACTION_HANDLERS`.
 */
export const ACTION_IDS = {
  sagaApprove: 'saga_approve',
  sagaReject: 'saga_reject',
  sagaDeprovision: 'saga_deprovision',
  sagaDeprovisionCancel: 'saga_deprovision_cancel',
  /** On findings (waste and stale alerts); a finding button's `value` is the finding's key. */
  findingAcknowledge: 'finding_acknowledge',
  findingSnooze: 'finding_snooze_7d',
  findingAssign: 'finding_assign',
  /** A link button: Slack opens the URL and still sends an action, which is only acked. */
  findingOpenInDo: 'finding_open_do',
  monthlyFullReport: 'monthly_full_report',
  /** The Replace button on a refused invoice re-upload. */
  invoiceReplace: 'invoice_replace_confirm',
  /** A family: `home_run_command_<subcommand>`, one Home tab button per read-only /cloud subcommand. */
  homeRunCommand: 'home_run_command',
} as const;

export type ActionName = keyof typeof ACTION_IDS;

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
