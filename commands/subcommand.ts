import type { z } from 'zod';
import type { Audience } from '../src/slack/access.js';
import type { CommandDeps } from '../src/slack/command-deps.js';
import type { CommandHelp, SlackMessage } from '../src/slack/blocks/index.js';
import type { CommandFile } from '../src/outbox/message.js';

export interface Invocation<A> {
  args: A;
  userId: string;
  channelId: string;
  responseUrl: string;
  /** The Slack request this runs for (src/slack/request-context.ts), carried into the jobs it queues. */
  requestId?: string;
}

/**
 * A reply; ephemeral unless it says otherwise. A full list it cuts is named in `file`, never carried:
 * the outbox builds it when delivering and sends it to the asker alone.
 */
export type Reply = Omit<SlackMessage, 'csv' | 'image'> & {
  visibility?: 'ephemeral' | 'in_channel';
  file?: CommandFile;
};

/**
 * One `/cloud` subcommand: its help, who may run it, a zod schema that turns the argument text
 * into typed arguments (with messages a person can act on), and one handler.
 */
export interface Subcommand<A = unknown> {
  name: string;
  help: CommandHelp;
  audience: Audience;
  /** Reads a whole collection or an invoice: counted against ARCADIA_COMMAND_RATE_LIMIT. */
  expensive?: boolean;
  schema: z.ZodType<A, string>;
  handle(invocation: Invocation<A>, deps: CommandDeps): Promise<Reply>;
}

/** How `/cloud help` names who may run a subcommand; everyone's go unmarked. */
const AUDIENCE_NOTES: Record<Audience, string | undefined> = {
  everyone: undefined,
  admin: 'admins',
  finance: 'finance users',
};

/**
 * Keeps each subcommand's argument type while collecting them in one list. Its help takes the
 * subcommand's name and audience from the definition, so neither is written twice.
 */
export function subcommand<A>(
  definition: Omit<Subcommand<A>, 'help'> & { help: Omit<CommandHelp, 'name' | 'audience'> },
): Subcommand<A> {
  const audience = AUDIENCE_NOTES[definition.audience];
  return { ...definition, help: { name: definition.name, ...definition.help, ...(audience ? { audience } : {}) } };
}
