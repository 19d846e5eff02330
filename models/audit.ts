/** Where a person acted from: a Slack slash command, a Slack button, or the command line (an operator with shell access). */
export const AUDIT_VIAS = ['slash_command', 'button', 'cli'] as const;
export type AuditVia = (typeof AUDIT_VIAS)[number];

/** Who did something, when and from where: kept on the document it changed, for good (a job's payload expires). */
export interface Actor {
  /** A Slack user id, or `cli` for the command line. */
  by: string;
  at: Date;
  via: AuditVia;
}

/** An Actor's schema fields, for the schemas that keep one beside fields of their own. */
export const actorFields = {
  by: { type: String, required: true },
  at: { type: Date, required: true },
  via: { type: String, enum: AUDIT_VIAS, required: true },
} as const;

/** Who a decision or request made with the `arcadia` command line is recorded as: there is no Slack user to name. */
export const CLI_USER = 'cli';

/** An Actor for `by` now: the command line when `by` is CLI_USER, else Slack, through `slackVia`. */
export function actorNow(by: string, slackVia: Exclude<AuditVia, 'cli'>, at: Date = new Date()): Actor {
  return { by, at, via: by === CLI_USER ? 'cli' : slackVia };
}
