import type { Redis } from 'ioredis';
import type { CommandDeps } from '../../../commands/subcommand.js';
import type { Audience } from '../access.js';

/** What a handler gets: the subcommands' dependencies, and Redis for claims (see decide-once.ts). */
export type ActionDeps = CommandDeps & { redis: Redis; prefix: string };

/** One button click, as the handlers need it (Bolt's `block_actions` payload, flattened). */
export interface Click {
  actionId: string;
  /** The button's `value` (e.g. a saga id). */
  value: string;
  userId: string;
  /** Where the message with the button is. */
  channelId: string;
  /** The message with the button: what `chat.update` replaces and progress threads under. */
  messageTs: string;
}

/**
 * One interactive action: one file each under src/slack/actions/, listed in `ACTION_HANDLERS`
 * (index.ts). The registry acks every click first, then checks `audience` (a refused click gets
 * an ephemeral message saying why, and `handle` never runs), then calls `handle`. Errors with a
 * sentence reach the clicker as an ephemeral message; others as a generic one with a log reference.
 */
export interface ActionHandler {
  /** The `action_id` of the buttons it handles, or a pattern for a family of them. */
  actionId: string | RegExp;
  /** Who may click it. */
  audience: Audience;
  /** What clicking does, completing "Only Arcadia admins may …": e.g. "approve provisioning". */
  does: string;
  handle(click: Click, deps: ActionDeps): Promise<void>;
}

export function actionHandler(definition: ActionHandler): ActionHandler {
  return definition;
}
