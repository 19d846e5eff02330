import { CLI_USER, type AuditVia } from '../../models/audit.js';

const VIA_WORDS: Record<AuditVia, string> = {
  slash_command: 'Slack command',
  button: 'Slack button',
  cli: 'command line',
};

/** Who, when and from where, as the audit tables of `saga show` and `invoice report` print them. */
export function actorCells(actor: { by: string; at: Date | string | null; via: AuditVia }): string[] {
  const at = actor.at === null ? '(not kept)' : typeof actor.at === 'string' ? actor.at : actor.at.toISOString();
  return [actor.by === CLI_USER ? '(command line)' : actor.by, at, VIA_WORDS[actor.via]];
}
