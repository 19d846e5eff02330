import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CommandDeps } from '../command-deps.js';
import type { JobPayloads } from '../../../jobs/queues.js';
import { actionAudience, type ActionAudience, type ActionName } from '../blocks/action-ids.js';

/** What a handler gets: the subcommands' dependencies, Redis for claims (see decide-once.ts), and the invoice queue (Replace requeues a refused upload). */
export type ActionDeps = CommandDeps & {
  redis: Redis;
  prefix: string;
  invoiceQueue: Queue<JobPayloads['invoiceIngest']>;
};

/** Bolt's arguments for the click, for handlers that need more than `Click`: the raw action (a users_select's `selected_user`), `respond` (replace an ephemeral message in place), `client`. Already acked. */
export type ActionArgs = Omit<SlackActionMiddlewareArgs<BlockAction>, 'ack'> & Pick<AllMiddlewareArgs, 'client'>;

/** One button click, as the handlers need it (Bolt's `block_actions` payload, flattened). */
export interface Click {
  actionId: string;
  /** The button's `value` (e.g. a saga id); empty for elements without one. */
  value: string;
  userId: string;
  /**
   * The message with the button: what `chat.update` replaces and progress threads under (the thread
   * it is in, `threadTs`, when it is a reply). Undefined for a click in a view (the Home tab, a modal).
   */
  message: { channelId: string; ts: string; ephemeral: boolean; threadTs?: string } | undefined;
}

/**
 * One interactive action: one file each under src/slack/actions/, listed in `ACTION_HANDLERS`
 * (index.ts). The registry acks every click first, then checks `audience` (a refused click gets
 * an ephemeral message saying why, and `handle` never runs), then calls `handle`. Errors with a
 * sentence reach the clicker as an ephemeral message; others as a generic one with a log reference.
 */
export interface ActionHandler {
  /** The buttons it handles, by their name in ACTION_IDS (src/slack/blocks/action-ids.ts). */
  action: ActionName;
  /** Who may click it; several mean any of them (`['admin', 'finance']`). Declared once, beside the id (action-ids.ts). */
  audience: ActionAudience;
  /** What clicking does, completing "Only Arcadia admins may …": e.g. "approve provisioning". */
  does: string;
  /**
   * Rules of its own beyond `audience`, checked the same way (a refusal is told and `handle` never
   * runs): a Home tab button stands for a /cloud subcommand, whose channel and role rules it keeps.
   */
  refusal?(click: Click, deps: ActionDeps): string | null;
  handle(click: Click, deps: ActionDeps, bolt: ActionArgs): Promise<void>;
}

/** A handler, held to the audience its action declares in ACTION_IDS' registry (action-ids.ts). */
export function actionHandler(definition: Omit<ActionHandler, 'audience'>): ActionHandler {
  return { ...definition, audience: actionAudience(definition.action) };
}

/** The message a handler acts on; its buttons only ever appear on messages, so anything else is a forged or stray payload. */
export function onMessage(click: Click): NonNullable<Click['message']> {
  if (!click.message) throw new Error(`${click.actionId} clicked outside a message`);
  return click.message;
}
