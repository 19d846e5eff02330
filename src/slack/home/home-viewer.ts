import { SUBCOMMANDS } from '../../../commands/index.js';
import type { AccessPolicy } from '../access.js';
import { HOME_COMMANDS, type HomeCommand, type HomeViewer } from './home-view.js';

/** The subcommand a Home tab button runs, by its value; undefined for a value that is none of them. */
export function homeCommand(name: string) {
  return (HOME_COMMANDS as readonly string[]).includes(name) ? SUBCOMMANDS.find((s) => s.name === name) : undefined;
}

/**
 * Where a Home tab button's answer goes, so the channel its command's rules are judged in: the
 * user's DM with Arcadia (the Home tab is that conversation's other tab), which chat.postMessage
 * reaches by user id; a click in a view carries no channel. ARCADIA_ALLOWED_CHANNELS takes channel
 * ids only, so under an allowlist the DM is refused, as `/cloud` typed in it is.
 */
export function homeAnswerChannel(userId: string): string {
  return userId;
}

/** Why `userId` may not run the Home tab's `name` button, in the slash command's own words; null when they may. */
export function homeCommandRefusal(access: AccessPolicy, name: string, userId: string): string | null {
  const sub = homeCommand(name);
  if (!sub) return `\`${name}\` is not a command the Home tab runs.`;
  return access.mayRunIn(sub, userId, homeAnswerChannel(userId));
}

/** What one user's Home tab may show: spend for finance users only, the buttons the commands' rules let them press. */
export function homeViewer(access: AccessPolicy, userId: string): HomeViewer {
  const refusals = HOME_COMMANDS.map((name) => ({ name, refusal: homeCommandRefusal(access, name, userId) }));
  const commands: HomeCommand[] = refusals.filter((r) => r.refusal === null).map((r) => r.name);
  return {
    finance: access.isFinance(userId),
    commands,
    commandsRefusal: commands.length ? null : refusals[0]!.refusal,
  };
}
