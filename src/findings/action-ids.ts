/**
 * The action ids of the buttons on findings (waste and stale alerts). The interactivity registry
 * routes `block_actions` by these; each has one handler file under src/slack/actions/.
 * A button's `value` is the finding's key.
 */
export const FINDING_ACTIONS = {
  acknowledge: 'finding_acknowledge',
  snooze: 'finding_snooze_7d',
  assign: 'finding_assign',
  /** A link button: Slack opens the URL and still sends an action, which is only acked. */
  openInDo: 'finding_open_do',
} as const;

export type FindingActionId = (typeof FINDING_ACTIONS)[keyof typeof FINDING_ACTIONS];

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
