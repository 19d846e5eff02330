import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { AccessPolicy } from '../../src/slack/access.js';
import type { InvoicePort } from '../../src/slack/invoice-port.js';
import type { InventoryQueries } from '../../src/slack/queries.js';
import type { Invocation } from '../../commands/subcommand.js';
import type { CommandDeps } from '../../src/slack/command-deps.js';

type Handler = (args: { command: SlashCommandFields; ack: (response?: unknown) => Promise<void> }) => Promise<void>;

export interface SlashCommandFields {
  command: string;
  text: string;
  user_id: string;
  channel_id: string;
  response_url: string;
}

/** Reads that answer with fixed data: the `InventoryQueries` and `InvoicePort` interfaces exist for this. */
export const emptyQueries: InventoryQueries = {
  inventory: async () => [],
  find: async () => [],
  stale: async () => ({ items: [], total: 0, removedBySaga: 0 }),
};

export const noInvoices: InvoicePort = {
  report: async () => null,
  fetchFromDo: async () => {
    throw new Error('no DigitalOcean in unit tests');
  },
  monthToDate: async () => {
    throw new Error('no DigitalOcean in unit tests');
  },
};

/** A log that keeps what it is given, to assert that details went to the log and not to people. */
export function keptLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { log, lines };
}

/**
 * What `/cloud` subcommands need, with fakes only where the interfaces invite them (reads, invoices)
 * and the real access policy from environment-style settings. The queue and outbox are left out:
 * handlers that need them are tested against real Redis in the integration project.
 */
export function commandDeps(env: Record<string, string> = {}, overrides: Partial<CommandDeps> = {}): CommandDeps {
  const config = loadConfig(env);
  return {
    config,
    access: new AccessPolicy(config),
    queries: emptyQueries,
    invoices: noInvoices,
    log: createLogger('silent'),
    now: () => new Date('2025-07-05T12:00:00Z'),
    ...overrides,
  } as CommandDeps;
}

export function invocation<A>(args: A, extra: Partial<Invocation<A>> = {}): Invocation<A> {
  return { args, userId: 'U0PERSON', channelId: 'C0GENERAL', responseUrl: 'http://127.0.0.1:9/unused', ...extra };
}

/**
 * A stand-in for Bolt's App that keeps the listeners `register` adds, and runs a slash command the
 * way Bolt would: with the command's fields and an `ack` that records what was acknowledged.
 */
export function fakeApp(): { app: App; run(fields: Partial<SlashCommandFields>): Promise<{ acks: unknown[] }> } {
  const handlers = new Map<string, Handler>();
  const app = { command: (name: string, handler: Handler) => void handlers.set(name, handler) } as unknown as App;
  return {
    app,
    async run(fields) {
      const command: SlashCommandFields = {
        command: '/cloud',
        text: '',
        user_id: 'U0PERSON',
        channel_id: 'C0GENERAL',
        response_url: 'http://127.0.0.1:9/unused',
        ...fields,
      };
      const handler = handlers.get(command.command);
      if (!handler) throw new Error(`no listener for ${command.command}`);
      const acks: unknown[] = [];
      await handler({ command, ack: async (response?: unknown) => void acks.push(response) });
      return { acks };
    },
  };
}

/** A click as Slack reports it in a `block_actions` payload: who, on which element, in which message. */
export interface BlockActionFields {
  user: string;
  /** The element as Slack reports it: type, action_id, block_id, value (or selected_user) and action_ts. */
  action: Record<string, unknown>;
  channel?: string;
  /** The message the element is in; omitted, a message of one line of text. */
  message?: Record<string, unknown>;
  ephemeral?: boolean;
  triggerId?: string;
  responseUrl?: string;
  /** The Web API client Bolt passes: a recorder, or a real client pointed at the Slack stand-in. */
  client?: unknown;
}

/** What a block-action listener did with Bolt's `ack` and `respond`. */
export interface BlockActionCalls {
  acked: number;
  responded: Record<string, unknown>[];
}

/**
 * The arguments Bolt hands an `app.action` listener for a click, the way `fakeApp().run` hands a
 * slash command's: the `block_actions` body of the click, with an `ack` and a `respond` that record
 * what the listener did.
 */
export function blockAction(fields: BlockActionFields): {
  args: SlackActionMiddlewareArgs<BlockAction> & Pick<AllMiddlewareArgs, 'client'>;
  calls: BlockActionCalls;
} {
  const calls: BlockActionCalls = { acked: 0, responded: [] };
  const args = {
    ack: async () => void (calls.acked += 1),
    respond: async (r: Record<string, unknown>) => void calls.responded.push(r),
    client: fields.client ?? {},
    body: {
      type: 'block_actions',
      user: { id: fields.user },
      trigger_id: fields.triggerId ?? 'trigger-1',
      channel: { id: fields.channel ?? 'C0GENERAL' },
      container: { type: 'message', is_ephemeral: fields.ephemeral ?? false },
      response_url: fields.responseUrl ?? 'https://hooks.slack.com/actions/T0/1/x',
      message: fields.message ?? { type: 'message', ts: '1751716800.000100', text: '' },
      actions: [fields.action],
    },
  } as unknown as SlackActionMiddlewareArgs<BlockAction> & Pick<AllMiddlewareArgs, 'client'>;
  return { args, calls };
}
